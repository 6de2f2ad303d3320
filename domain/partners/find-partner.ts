import { and, eq, sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import { links, partners } from "../../db/schema/index";
import { notFound } from "../shared/errors";
import { cachedLookup } from "../shared/lookup-cache";
import type { Partner } from "../../db/schema/rows";

export function findPartnerById(db: Database, shopId: string, partnerId: string): Promise<Partner | undefined> {
  return cachedLookup(`partner:${shopId}:${partnerId}`, async () => {
    const [partner] = await db
      .select()
      .from(partners)
      .where(and(eq(partners.shopId, shopId), eq(partners.id, partnerId)))
      .limit(1);
    return partner;
  });
}

/** A partner by its primary key or by the key of any of its links (keys compare case-insensitively). */
export function findPartnerByReferralKey(db: Database, shopId: string, key: string): Promise<{ partner: Partner; linkId: string } | undefined> {
  return cachedLookup(`partner-by-key:${shopId}:${key.trim().toLowerCase()}`, async () => {
    const [row] = await db
      .select({ partner: partners, linkId: links.id })
      .from(links)
      .innerJoin(partners, eq(partners.id, links.partnerId))
      .where(and(eq(links.shopId, shopId), sql`lower(${links.key}) = lower(${key.trim()})`))
      .limit(1);
    return row;
  });
}

export async function findPartnerByKeyOrThrow(db: Database, shopId: string, key: string, field = "key"): Promise<Partner> {
  const [partner] = await db
    .select()
    .from(partners)
    .where(and(eq(partners.shopId, shopId), sql`lower(${partners.key}) = lower(${key.trim()})`))
    .limit(1);
  if (!partner) throw notFound("partner", field);
  return partner;
}
