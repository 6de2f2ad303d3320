import { and, desc, eq, isNotNull } from "drizzle-orm";
import type { Database } from "../../db/client";
import { couponCodes, partners, programs } from "../../db/schema/index";
import { pageOf, type PageRequest } from "../shared/page";

/** Partner coupons of one shop, newest first, live and deactivated. */
export async function listPartnerCoupons(db: Database, shopId: string, page: PageRequest) {
  const rows = await db
    .select({
      id: couponCodes.id,
      code: couponCodes.code,
      provider: couponCodes.provider,
      externalId: couponCodes.externalId,
      deletedAt: couponCodes.deletedAt,
      createdAt: couponCodes.createdAt,
      partner: { id: partners.id, name: partners.name, key: partners.key },
      programName: programs.name,
    })
    .from(couponCodes)
    .innerJoin(partners, eq(partners.id, couponCodes.partnerId))
    .innerJoin(programs, eq(programs.id, partners.programId))
    .where(and(eq(couponCodes.shopId, shopId), isNotNull(couponCodes.partnerId)))
    .orderBy(desc(couponCodes.createdAt), desc(couponCodes.id))
    .limit(page.limit + 1)
    .offset(page.offset);
  return pageOf(rows, page);
}
