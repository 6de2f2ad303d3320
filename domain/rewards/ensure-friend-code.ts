import { and, eq, isNull } from "drizzle-orm";
import type { Database } from "../../db/client";
import { couponCodes, partners } from "../../db/schema/index";
import { registerPartnerCoupon } from "../coupons/register-partner-coupon";
import { invalid } from "../shared/errors";
import type { RewardIssuer } from "./reward-issuer";
import { discountValue } from "./discount-value";
import type { Partner, Program } from "../../db/schema/rows";

/**
 * The referrer's friend code: a discount code equal to their referral key, usable once by each friend, with the
 * program's friend reward. It is the referrer's coupon, so a friend's order that uses it is credited to them.
 * Created in the store once; the referrer's row is locked meanwhile so two requests never create it twice.
 */
export async function ensureFriendCode(db: Database, program: Program, partner: Partner, issuer: RewardIssuer): Promise<string> {
  const value = discountValue(program.friendReward, program.currency);
  if (!value) throw invalid("the program has no friend discount (percentage_discount or fixed_discount)", "friend_reward");
  return db.transaction(async (tx) => {
    await tx.select({ id: partners.id }).from(partners).where(and(eq(partners.shopId, partner.shopId), eq(partners.id, partner.id))).for("update");
    const [existing] = await tx
      .select({ code: couponCodes.code })
      .from(couponCodes)
      .where(and(eq(couponCodes.shopId, partner.shopId), eq(couponCodes.partnerId, partner.id), eq(couponCodes.programId, program.id), isNull(couponCodes.deletedAt)))
      .limit(1);
    if (existing) return existing.code;
    const { discountId } = await issuer.createDiscountCode({ code: partner.key, title: `Friend of ${partner.key}`, value, oncePerCustomer: true });
    const coupon = await registerPartnerCoupon(tx, partner.shopId, { programId: program.id, partnerId: partner.id, code: partner.key, provider: "shopify", externalId: discountId });
    return coupon.code;
  });
}
