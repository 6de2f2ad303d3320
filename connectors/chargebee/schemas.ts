import { z } from "zod";

/** Only the fields the Chargebee connector reads (API v2, and the v1 shapes still sent by older sites). Amounts are integer cents. */

const cents = z.number().int();
const unixSeconds = z.number().int().nullish();
/** Custom fields arrive as top-level `cf_*` keys of the object they belong to; meta_data is free JSON. */
const withReferral = { cf_referral: z.unknown().optional(), meta_data: z.unknown().optional() };

export const chargebeeEventSchema = z.looseObject({
  id: z.string().min(1),
  event_type: z.string().min(1),
  occurred_at: z.number().int(),
  content: z.looseObject({}),
});

export const chargebeeCustomerSchema = z.looseObject({
  id: z.string(),
  email: z.string().nullish(),
  first_name: z.string().nullish(),
  last_name: z.string().nullish(),
  ...withReferral,
});
export type ChargebeeCustomer = z.infer<typeof chargebeeCustomerSchema>;

export const chargebeeSubscriptionSchema = z.looseObject({
  id: z.string(),
  customer_id: z.string().nullish(),
  /** v2: coupons applied, with the code typed when it came from a coupon set. */
  coupons: z.array(z.looseObject({ coupon_id: z.string(), coupon_code: z.string().nullish() })).nullish(),
  /** v1: the single coupon id. */
  coupon: z.string().nullish(),
  ...withReferral,
});
export type ChargebeeSubscription = z.infer<typeof chargebeeSubscriptionSchema>;

export const chargebeeInvoiceSchema = z.looseObject({
  id: z.string(),
  customer_id: z.string().nullish(),
  subscription_id: z.string().nullish(),
  currency_code: z.string().nullish(),
  total: cents.nullish(),
  /** v1 name of the total. */
  amount: cents.nullish(),
  tax: cents.nullish(),
  recurring: z.boolean().nullish(),
  first_invoice: z.boolean().nullish(),
  paid_at: unixSeconds,
  paid_on: unixSeconds,
  discounts: z.array(z.looseObject({ entity_type: z.string().nullish(), entity_id: z.string().nullish() })).nullish(),
  ...withReferral,
});
export type ChargebeeInvoice = z.infer<typeof chargebeeInvoiceSchema>;

export const chargebeeTransactionSchema = z.looseObject({
  id: z.string(),
  type: z.string().nullish(),
  status: z.string().nullish(),
  amount: cents,
  currency_code: z.string().nullish(),
  date: unixSeconds,
  linked_invoices: z.array(z.looseObject({ invoice_id: z.string() })).nullish(),
});

export const chargebeeCreditNoteSchema = z.looseObject({
  id: z.string(),
  reference_invoice_id: z.string().nullish(),
  total: cents.nullish(),
  tax: cents.nullish(),
});
