import { and, eq } from "drizzle-orm";
import type { Database } from "../../db/client";
import { couponCodes } from "../../db/schema/index";
import { findPartnerCouponOrThrow } from "./find-partner-coupon-or-throw";
import type { CouponCode } from "../../db/schema/rows";

/** A deactivated code stops attributing orders; deactivating twice keeps the first time. */
export async function deactivatePartnerCoupon(db: Database, shopId: string, id: string, now = new Date()): Promise<CouponCode> {
  const coupon = await findPartnerCouponOrThrow(db, shopId, id);
  if (coupon.deletedAt) return coupon;
  const [updated] = await db.update(couponCodes).set({ deletedAt: now }).where(and(eq(couponCodes.shopId, shopId), eq(couponCodes.id, id))).returning();
  return updated!;
}
