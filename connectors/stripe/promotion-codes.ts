import Stripe from "stripe";
import { stripeClient } from "./client";

/** A refusal from Stripe, with the form field it concerns (`coupon`, `code` or `api_key`). */
export class StripePromotionCodeError extends Error {
  override name = "StripePromotionCodeError";
  constructor(
    message: string,
    readonly field: "coupon" | "code" | "api_key",
  ) {
    super(message);
  }
}

const client = stripeClient;

function refusal(error: unknown): never {
  if (error instanceof Stripe.errors.StripeAuthenticationError || error instanceof Stripe.errors.StripePermissionError) {
    throw new StripePromotionCodeError(`Stripe refused the connection's API key: ${error.message}`, "api_key");
  }
  if (error instanceof Stripe.errors.StripeInvalidRequestError) {
    const field = /coupon/.test(error.param ?? "") || /coupon/i.test(error.message) ? "coupon" : "code";
    throw new StripePromotionCodeError(`Stripe: ${error.message}`, field);
  }
  throw error;
}

/** Creates a promotion code for an existing Stripe coupon; `metadata.partner_key` lets its webhooks name the partner. */
export async function createStripePromotionCode(apiKey: string, input: { coupon: string; code: string; partnerKey: string }): Promise<{ id: string; code: string }> {
  try {
    const created = await client(apiKey).promotionCodes.create({
      promotion: { type: "coupon", coupon: input.coupon },
      code: input.code,
      metadata: { partner_key: input.partnerKey },
    });
    return { id: created.id, code: created.code };
  } catch (error) {
    refusal(error);
  }
}

/** false when the key's Stripe account has no promotion code with this id (nothing left to deactivate there). */
export async function deactivateStripePromotionCode(apiKey: string, id: string): Promise<boolean> {
  try {
    await client(apiKey).promotionCodes.update(id, { active: false });
    return true;
  } catch (error) {
    if (error instanceof Stripe.errors.StripeInvalidRequestError && error.statusCode === 404) return false;
    refusal(error);
  }
}
