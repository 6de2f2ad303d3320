import { and, eq, inArray, isNull, or } from "drizzle-orm";
import type { Database } from "../../db/client";
import { couponCodes, discounts } from "../../db/schema/index";
import type { Evidence } from "./normalized-event";
import { findReferences } from "./provider-references";

/**
 * Evidence naming provider discount ids (Paddle sends discount_id, not the code typed) gets the live codes
 * registered for those discounts appended to its coupon codes; other evidence is returned as it is.
 */
export async function resolveDiscountCodes(db: Database, shopId: string, provider: string, evidence: Evidence): Promise<Evidence> {
  const named = evidence.discountExternalIds ?? [];
  if (named.length === 0) return evidence;
  // Stripe invoices name discounts (di_), which customer.discount events tie to promotion codes (promo_), whose codes
  // promotion_code events told: every step is remembered, so a code the app learnt only by its text still matches.
  const promotionCodeIds = [...(await findReferences(db, shopId, provider, "discount", named)).values()];
  const ids = [...new Set([...named, ...promotionCodeIds])];
  const knownCodes = [...(await findReferences(db, shopId, provider, "promotion_code", ids)).values()];
  const rows = await db
    .select({ code: couponCodes.code })
    .from(couponCodes)
    .leftJoin(discounts, eq(discounts.id, couponCodes.discountId))
    .where(
      and(
        eq(couponCodes.shopId, shopId),
        isNull(couponCodes.deletedAt),
        or(and(eq(couponCodes.provider, provider), inArray(couponCodes.externalId, ids)), and(eq(discounts.provider, provider), inArray(discounts.externalId, ids))),
      ),
    );
  const codes = [...new Set([...evidence.couponCodes, ...rows.map((row) => row.code), ...knownCodes])];
  return { ...evidence, couponCodes: codes };
}
