import { z } from "zod";

/**
 * Only the fields the Stripe connector reads; every other field of Stripe's objects passes through untouched
 * (loose objects), so new API versions adding fields do not break parsing. Fields Stripe has removed in newer
 * API versions (invoice.payment_intent, invoice.tax, charge.invoice, promotion_code.coupon) are optional.
 */

/** An expandable reference: a bare id or the expanded object; reduced to the id. */
const ref = z
  .union([z.string(), z.looseObject({ id: z.string() })])
  .nullish()
  .transform((value) => (typeof value === "string" ? value : value?.id));

/** Stripe metadata values are always strings. */
const metadata = z.record(z.string(), z.string()).nullish();
const minorUnits = z.number().int();
const unixSeconds = z.number().int().nullish();

/** A promotion code as a bare id (no code to read) or expanded with its code. */
const promotionCodeRef = z.union([z.string(), z.looseObject({ id: z.string(), code: z.string().nullish() })]).nullish();
/** Discounts on a checkout session ({coupon, promotion_code}) or invoice (discount ids or expanded Discount objects). */
const discounts = z.array(z.union([z.string(), z.looseObject({ id: z.string().nullish(), promotion_code: promotionCodeRef })])).nullish();
export type StripeDiscounts = z.infer<typeof discounts>;
export type StripeMetadata = z.infer<typeof metadata>;

/** The event envelope; `data.object` is parsed by the schema of its type. */
export const eventSchema = z.looseObject({
  id: z.string(),
  type: z.string(),
  created: z.number().int(),
  data: z.looseObject({ object: z.unknown(), previous_attributes: z.record(z.string(), z.unknown()).nullish() }),
});

export const checkoutSessionSchema = z.looseObject({
  id: z.string(),
  mode: z.string().nullish(),
  payment_status: z.string().nullish(),
  payment_intent: ref,
  customer: ref,
  customer_email: z.string().nullish(),
  customer_details: z.looseObject({ email: z.string().nullish(), name: z.string().nullish() }).nullish(),
  client_reference_id: z.string().nullish(),
  metadata,
  amount_total: minorUnits.nullish(),
  currency: z.string().nullish(),
  total_details: z.looseObject({ amount_tax: minorUnits.nullish(), amount_shipping: minorUnits.nullish() }).nullish(),
  discounts,
  /** Set when the session created an invoice (`invoice_creation.enabled`): that invoice's invoice.paid carries the money. */
  invoice: ref,
  created: unixSeconds,
});
export type StripeCheckoutSession = z.infer<typeof checkoutSessionSchema>;

const subscriptionDetails = z.looseObject({ metadata, subscription: ref }).nullish();

export const invoiceSchema = z.looseObject({
  id: z.string(),
  billing_reason: z.string().nullish(),
  payment_intent: ref,
  customer: ref,
  customer_email: z.string().nullish(),
  customer_name: z.string().nullish(),
  currency: z.string(),
  total: minorUnits,
  total_excluding_tax: minorUnits.nullish(),
  /** What the customer paid; less than `total` when the customer balance or credits paid part of it. */
  amount_paid: minorUnits.nullish(),
  tax: minorUnits.nullish(),
  /** API 2025-03-31 and later: the invoice's taxes, inclusive and exclusive alike (`invoice.tax` is gone). */
  total_taxes: z.array(z.looseObject({ amount: minorUnits })).nullish(),
  metadata,
  /** Before API 2025-03-31; later versions name it under parent.subscription_details. */
  subscription: ref,
  subscription_details: subscriptionDetails,
  parent: z.looseObject({ subscription_details: subscriptionDetails }).nullish(),
  discounts,
  status_transitions: z.looseObject({ paid_at: unixSeconds }).nullish(),
});
export type StripeInvoice = z.infer<typeof invoiceSchema>;

export const chargeSchema = z.looseObject({
  id: z.string(),
  payment_intent: ref,
  invoice: ref,
  currency: z.string(),
  amount_refunded: minorUnits,
  refunds: z
    .looseObject({ data: z.array(z.looseObject({ id: z.string(), amount: minorUnits, status: z.string().nullish(), created: unixSeconds })) })
    .nullish(),
});
export type StripeCharge = z.infer<typeof chargeSchema>;

/** `data.previous_attributes` of a charge.refunded event: the refunded total before this refund. */
export const chargePreviousSchema = z.looseObject({ amount_refunded: minorUnits.nullish() }).nullish();

export const customerSchema = z.looseObject({
  id: z.string(),
  email: z.string().nullish(),
  name: z.string().nullish(),
  metadata,
  created: unixSeconds,
});

export const subscriptionSchema = z.looseObject({ id: z.string(), customer: ref, metadata, created: unixSeconds });

export const promotionCodeSchema = z.looseObject({
  id: z.string(),
  code: z.string(),
  active: z.boolean(),
  /** Older API versions: the coupon (id or expanded). */
  coupon: ref,
  /** Newer API versions: `promotion: {type: "coupon", coupon}`. */
  promotion: z.looseObject({ coupon: ref }).nullish(),
  metadata,
});

export const couponSchema = z.looseObject({ id: z.string() });

/** API 2025-03-31 and later: which payment (intent or charge) paid which invoice. */
export const invoicePaymentSchema = z.looseObject({
  id: z.string(),
  invoice: ref,
  status: z.string().nullish(),
  payment: z.looseObject({ type: z.string(), payment_intent: ref, charge: ref }),
});

/** A Discount (`di_...`), as customer.discount.* events carry it: the promotion code that applied it. */
export const discountSchema = z.looseObject({ id: z.string(), promotion_code: ref });

export const disputeSchema = z.looseObject({
  id: z.string(),
  charge: ref,
  payment_intent: ref,
  amount: minorUnits,
  currency: z.string(),
  status: z.string(),
  created: unixSeconds,
});

export const creditNoteSchema = z.looseObject({
  id: z.string(),
  invoice: ref,
  currency: z.string(),
  status: z.string().nullish(),
  type: z.string().nullish(),
  total: minorUnits,
  /** The part issued after the invoice was paid (refund, customer balance credit, out of band). */
  post_payment_amount: minorUnits.nullish(),
  refunds: z.array(z.looseObject({ amount_refunded: minorUnits })).nullish(),
  created: unixSeconds,
});
