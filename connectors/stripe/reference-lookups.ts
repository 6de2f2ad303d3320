import Stripe from "stripe";
import { stripeClient } from "./client";

/** Stripe refused the key (revoked, or a restricted key without read access to the resource): resolving stops here. */
export class StripeLookupRefusedError extends Error {
  override name = "StripeLookupRefusedError";
}

/** A discount of an invoice with the promotion code that applied it (and that code's text, expanded). */
export interface InvoiceDiscount {
  discountId: string;
  promotionCodeId: string;
  code?: string;
}

/** Reads, with a connection's key, what webhooks name only by id. undefined: Stripe has no such object (404). */
export interface StripeReferenceLookups {
  promotionCode(id: string): Promise<string | undefined>;
  invoiceDiscounts(invoiceId: string): Promise<InvoiceDiscount[] | undefined>;
  invoiceOfPaymentIntent(paymentIntentId: string): Promise<string | undefined>;
}

async function orMissing<T>(call: () => Promise<T>): Promise<T | undefined> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof Stripe.errors.StripeInvalidRequestError && error.statusCode === 404) return undefined;
    if (error instanceof Stripe.errors.StripeAuthenticationError || error instanceof Stripe.errors.StripePermissionError) {
      throw new StripeLookupRefusedError(`Stripe refused the connection's API key: ${error.message}`);
    }
    // Rate limits, Stripe's 5xx and network failures: the caller retries later.
    throw error;
  }
}

const idOf = (value: string | { id: string } | null | undefined) => (typeof value === "string" ? value : value?.id);

/**
 * GET /v1/promotion_codes/:id, GET /v1/invoices/:id with `expand[]=discounts.promotion_code`, and
 * GET /v1/invoice_payments?payment[type]=payment_intent&payment[payment_intent]=... (API 2025-03-31+).
 */
export function stripeReferenceLookups(apiKey: string): StripeReferenceLookups {
  const stripe = stripeClient(apiKey);
  return {
    promotionCode: (id) => orMissing(async () => (await stripe.promotionCodes.retrieve(id)).code),
    invoiceDiscounts: (invoiceId) =>
      orMissing(async () => {
        const invoice = await stripe.invoices.retrieve(invoiceId, { expand: ["discounts.promotion_code"] });
        return (invoice.discounts ?? []).flatMap((discount) => {
          if (typeof discount === "string" || !("promotion_code" in discount) || !discount.promotion_code) return [];
          const promotionCode = discount.promotion_code;
          const code = typeof promotionCode === "string" ? undefined : promotionCode.code;
          return [{ discountId: discount.id, promotionCodeId: idOf(promotionCode)!, ...(code ? { code } : {}) }];
        });
      }),
    invoiceOfPaymentIntent: (paymentIntentId) =>
      orMissing(async () => {
        const payments = await stripe.invoicePayments.list({ payment: { type: "payment_intent", payment_intent: paymentIntentId }, status: "paid", limit: 1 });
        return idOf(payments.data[0]?.invoice);
      }),
  };
}
