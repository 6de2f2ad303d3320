import { and, eq, isNull } from "drizzle-orm";
import type { Database } from "../../db/client";
import { couponCodes, partners } from "../../db/schema/index";
import { cachedLookup } from "../shared/lookup-cache";
import { normalizeCode } from "../shared/normalize";
import type { Partner } from "../../db/schema/rows";

/** The partner owning a live (not deleted) coupon code in this shop. */
export function findPartnerByCoupon(db: Database, shopId: string, code: string): Promise<Partner | undefined> {
  return cachedLookup(`partner-by-coupon:${shopId}:${normalizeCode(code)}`, async () => {
    const [row] = await db
      .select({ partner: partners })
      .from(couponCodes)
      .innerJoin(partners, eq(partners.id, couponCodes.partnerId))
      .where(and(eq(couponCodes.shopId, shopId), eq(couponCodes.codeNormalized, normalizeCode(code)), isNull(couponCodes.deletedAt)))
      .limit(1);
    return row?.partner;
  });
}
