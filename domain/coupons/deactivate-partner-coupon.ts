import { and, eq } from "drizzle-orm";
import type { Database } from "../../db/client";
import { couponCodes } from "../../db/schema/index";
import { isUuid } from "../shared/ids";
import { notFound } from "../shared/errors";
import type { CouponCode } from "./register-partner-coupon";

/** A deactivated code stops attributing orders; deactivating twice keeps the first time. */
export async function deactivatePartnerCoupon(db: Database, shopId: string, id: string, now = new Date()): Promise<CouponCode> {
  if (!isUuid(id)) throw notFound("coupon", "id");
  const [coupon] = await db.select().from(couponCodes).where(and(eq(couponCodes.shopId, shopId), eq(couponCodes.id, id)));
  if (!coupon) throw notFound("coupon", "id");
  if (coupon.deletedAt) return coupon;
  const [updated] = await db.update(couponCodes).set({ deletedAt: now }).where(and(eq(couponCodes.shopId, shopId), eq(couponCodes.id, id))).returning();
  return updated!;
}
