import { z } from "zod";
import { createStripePromotionCode, deactivateStripePromotionCode, StripePromotionCodeError } from "../../connectors/stripe/promotion-codes";
import { openStripeApiKeyOrThrow } from "../../domain/access/open-stripe-api-key-or-throw";
import { couponCodeTaken } from "../../domain/coupons/coupon-code-taken";
import { registerPartnerCoupon } from "../../domain/coupons/register-partner-coupon";
import { findPartnerById } from "../../domain/partners/find-partner";
import { conflict, DomainError, invalid, notFound } from "../../domain/shared/errors";
import { isUuid } from "../../domain/shared/ids";
import { currentSecretBoxOrThrow } from "../../runtime/current-secret-box";
import { db } from "../db.server";
import type { CouponCode } from "../../db/schema/rows";

// The Stripe form's fields have names of their own, so an error shows next to that form's field only.
export const createStripeCouponForm = z.object({
  intent: z.literal("create_stripe"),
  connection_id: z.string().min(1, "choose a Stripe connection"),
  stripe_partner_id: z.string().min(1, "choose a partner"),
  stripe_coupon: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_-]{1,200}$/, "the id of a coupon of your Stripe account"),
  stripe_code: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_-]{2,64}$/, "2-64 letters, digits, '-' or '_'"),
});

const fieldOf = { coupon: "stripe_coupon", code: "stripe_code", api_key: "connection_id" } as const;

/** Creates the promotion code at Stripe, then registers it as the partner's coupon (external id = the promotion code id). */
export async function createStripePartnerCoupon(shopId: string, input: z.infer<typeof createStripeCouponForm>): Promise<{ code: string; partner: string }> {
  const partner = isUuid(input.stripe_partner_id) ? await findPartnerById(db(), shopId, input.stripe_partner_id) : undefined;
  if (!partner) throw notFound("partner", "stripe_partner_id");
  if (await couponCodeTaken(db(), shopId, input.stripe_code)) throw conflict(`code ${input.stripe_code} is already registered in this shop`, "stripe_code");
  const apiKey = (await openStripeApiKeyOrThrow(db(), currentSecretBoxOrThrow(), shopId, input.connection_id))!;
  let promotion: { id: string; code: string };
  try {
    promotion = await createStripePromotionCode(apiKey, { coupon: input.stripe_coupon, code: input.stripe_code, partnerKey: partner.key });
  } catch (error) {
    if (error instanceof StripePromotionCodeError) throw invalid(error.message, fieldOf[error.field]);
    throw error;
  }
  try {
    await registerPartnerCoupon(db(), shopId, { programId: partner.programId, partnerId: partner.id, code: promotion.code, provider: "stripe", externalId: promotion.id });
  } catch (error) {
    // Registered meanwhile by someone else: the code just made at Stripe must not stay live unattributed.
    await deactivateStripePromotionCode(apiKey, promotion.id).catch(() => undefined);
    if (error instanceof DomainError) throw new DomainError(error.code, error.message, error.field === "code" ? "stripe_code" : error.field);
    throw error;
  }
  return { code: promotion.code, partner: partner.name ?? partner.key };
}

/**
 * Deactivates a Stripe promotion code with the shop's Stripe API key. Says what happened at Stripe; with no key, or a
 * code Stripe does not know under that key, only the app stops attributing it.
 */
export async function deactivateAtStripe(shopId: string, coupon: CouponCode): Promise<string> {
  const apiKey = await openStripeApiKeyOrThrow(db(), currentSecretBoxOrThrow(), shopId);
  if (!apiKey || !coupon.externalId) return " (no Stripe API key: deactivate it in Stripe too)";
  try {
    return (await deactivateStripePromotionCode(apiKey, coupon.externalId)) ? " in Stripe" : " (Stripe does not know this promotion code under the connection's key)";
  } catch (error) {
    if (error instanceof StripePromotionCodeError) throw invalid(error.message, "form");
    throw error;
  }
}
