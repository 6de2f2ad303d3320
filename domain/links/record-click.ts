import { createHash } from "node:crypto";
import type { Database } from "../../db/client";
import { clicks } from "../../db/schema/index";
import { findPartnerByReferralKey } from "../partners/find-partner";
import { invalid, notFound } from "../shared/errors";

export type Click = typeof clicks.$inferSelect;

/** Visitors' IPs and user agents are kept only as salted hashes (per shop), enough to spot abuse, not to identify. */
const hashWithShop = (shopId: string, value: string | null | undefined) =>
  value ? createHash("sha256").update(`${shopId}:${value}`).digest("hex") : null;

export async function recordClick(
  db: Database,
  shopId: string,
  input: { referralKey: string; url?: string | null; visitorId?: string | null; at?: Date; ip?: string | null; userAgent?: string | null },
): Promise<Click> {
  const found = await findPartnerByReferralKey(db, shopId, input.referralKey);
  if (!found) throw notFound("referral key", "referral_key");
  if (found.partner.status !== "active") throw invalid("the partner of this referral key is not active", "referral_key");
  const [click] = await db
    .insert(clicks)
    .values({
      shopId,
      programId: found.partner.programId,
      partnerId: found.partner.id,
      linkId: found.linkId,
      landingUrl: input.url ?? null,
      visitorId: input.visitorId ?? null,
      ipHash: hashWithShop(shopId, input.ip),
      userAgentHash: hashWithShop(shopId, input.userAgent),
      clickedAt: input.at ?? new Date(),
    })
    .returning();
  return click!;
}
