import { and, eq } from "drizzle-orm";
import type { Database } from "../../db/client";
import { couponCodes } from "../../db/schema/index";
import { notFound } from "../shared/errors";
import { isUuid } from "../shared/ids";
import type { CouponCode } from "../../db/schema/rows";

export async function findPartnerCouponOrThrow(db: Database, shopId: string, id: string): Promise<CouponCode> {
  if (!isUuid(id)) throw notFound("coupon", "id");
  const [coupon] = await db.select().from(couponCodes).where(and(eq(couponCodes.shopId, shopId), eq(couponCodes.id, id)));
  if (!coupon) throw notFound("coupon", "id");
  return coupon;
}
