import type { CustomerRef, Evidence, NormalizedEvent } from "../../domain/ingest/normalized-event";
import type { ConnectorContext, NormalizeResult, VerifiedDelivery } from "../types";
import { chargebeeConfigOf } from "./config";
import {
  chargebeeCreditNoteSchema,
  chargebeeCustomerSchema,
  chargebeeEventSchema,
  chargebeeInvoiceSchema,
  chargebeeSubscriptionSchema,
  chargebeeTransactionSchema,
  type ChargebeeCustomer,
  type ChargebeeInvoice,
  type ChargebeeSubscription,
} from "./schemas";

type Content = Record<string, unknown>;
type Sale = Extract<NormalizedEvent, { type: "sale" }>;

const iso = (unixSeconds: number) => new Date(unixSeconds * 1000).toISOString();
const optional = <T>(schema: { parse(value: unknown): T }, value: unknown): T | undefined => (value == null ? undefined : schema.parse(value));

const nonEmpty = (value: unknown) => (typeof value === "string" && value.trim() !== "" ? value.trim() : undefined);

/** The `cf_referral` custom field, else `meta_data.referral`, of the first object that has one. */
function referralOf(...objects: ({ cf_referral?: unknown; meta_data?: unknown } | undefined)[]) {
  for (const object of objects) {
    const custom = nonEmpty(object?.cf_referral);
    if (custom) return { referralKey: custom, referralKeySource: "cf_referral" };
    const meta = object?.meta_data;
    const fromMeta = typeof meta === "object" && meta !== null ? nonEmpty((meta as Record<string, unknown>).referral) : undefined;
    if (fromMeta) return { referralKey: fromMeta, referralKeySource: "meta_data" };
  }
  return {};
}

/** Codes typed (coupon set codes), else coupon ids, which are what a Chargebee customer types for a plain coupon. */
function couponCodesOf(subscription: ChargebeeSubscription | undefined, invoice: ChargebeeInvoice | undefined): string[] {
  const fromSubscription = (subscription?.coupons ?? []).map((coupon) => coupon.coupon_code || coupon.coupon_id);
  const fromInvoice = (invoice?.discounts ?? []).flatMap((discount) => (discount.entity_type?.endsWith("coupon") && discount.entity_id ? [discount.entity_id] : []));
  return [...new Set([...fromSubscription, ...(subscription?.coupon ? [subscription.coupon] : []), ...fromInvoice])];
}

function evidenceOf(subscription: ChargebeeSubscription | undefined, customer: ChargebeeCustomer | undefined, invoice?: ChargebeeInvoice): Evidence {
  return { couponCodes: couponCodesOf(subscription, invoice), ...referralOf(subscription, customer, invoice) };
}

function customerRefOf(customer: ChargebeeCustomer | undefined, id?: string | null): CustomerRef | undefined {
  const externalId = customer?.id ?? id ?? undefined;
  const name = [customer?.first_name, customer?.last_name].filter(Boolean).join(" ");
  if (!externalId && !customer?.email) return undefined;
  return { provider: "chargebee", ...(externalId ? { externalId } : {}), ...(customer?.email ? { email: customer.email } : {}), ...(name ? { name } : {}) };
}

function parts(content: Content) {
  return {
    customer: optional(chargebeeCustomerSchema, content.customer),
    subscription: optional(chargebeeSubscriptionSchema, content.subscription),
    invoice: optional(chargebeeInvoiceSchema, content.invoice),
  };
}

/** payment_succeeded: the invoice paid is a sale keyed by the invoice id (refunds name it); a later invoice of a subscription is a renewal. */
function paymentSucceeded(content: Content, occurredAt: number, fallbackCurrency: string | undefined): NormalizeResult {
  const transaction = chargebeeTransactionSchema.parse(content.transaction);
  const { customer, subscription, invoice } = parts(content);
  const currency = invoice?.currency_code ?? transaction.currency_code ?? fallbackCurrency;
  if (!currency) return { ignored: "payment names no currency_code; set the connection's currency" };
  const tax = invoice?.tax ?? 0;
  const amount = Math.max(0, (invoice?.total ?? invoice?.amount ?? transaction.amount) - tax);
  if (amount === 0) return { ignored: "payment of zero" };
  const customerRef = customerRefOf(customer, invoice?.customer_id);
  const sale: Sale = {
    type: "sale",
    externalId: invoice?.id ?? transaction.id,
    kind: invoice?.first_invoice === false && (invoice.recurring || invoice.subscription_id) ? "renewal" : "sale",
    amount,
    currency: currency.toUpperCase(),
    tax,
    occurredAt: iso(transaction.date ?? invoice?.paid_at ?? invoice?.paid_on ?? occurredAt),
    ...(customerRef ? { customer: customerRef } : {}),
    evidence: evidenceOf(subscription, customer, invoice),
    lines: [],
  };
  return { events: [sale] };
}

/** payment_refunded: the refund transaction reverses the invoice it refunds, without the tax of its credit note. */
function paymentRefunded(content: Content, occurredAt: number, fallbackCurrency: string | undefined): NormalizeResult {
  const transaction = chargebeeTransactionSchema.parse(content.transaction);
  const { invoice } = parts(content);
  const creditNote = optional(chargebeeCreditNoteSchema, content.credit_note);
  const refunds = invoice?.id ?? creditNote?.reference_invoice_id ?? transaction.linked_invoices?.[0]?.invoice_id;
  if (!refunds) return { ignored: "refund names no invoice" };
  const currency = transaction.currency_code ?? invoice?.currency_code ?? fallbackCurrency;
  if (!currency) return { ignored: "refund names no currency_code; set the connection's currency" };
  const taxShare = creditNote?.total === transaction.amount ? (creditNote.tax ?? 0) : 0;
  const amount = Math.max(0, transaction.amount - taxShare);
  if (amount === 0) return { ignored: "refund of zero" };
  return { events: [{ type: "refund", externalId: transaction.id, refundsExternalId: refunds, amount, currency: currency.toUpperCase(), occurredAt: iso(transaction.date ?? occurredAt) }] };
}

function customerEvent(content: Content, occurredAt: number, requireEvidence: boolean): NormalizeResult {
  const { customer, subscription } = parts(content);
  const ref = customerRefOf(customer, subscription?.customer_id);
  if (!ref) return { ignored: "event names no customer" };
  const evidence = evidenceOf(subscription, customer);
  if (requireEvidence && !evidence.referralKey && evidence.couponCodes.length === 0) return { ignored: "subscription carries neither a referral nor a coupon" };
  return { events: [{ type: "customer", customer: ref, evidence, occurredAt: iso(occurredAt) }] };
}

/** Chargebee events to domain events; pure. Amounts are integer cents already. */
export function normalizeChargebee(delivery: VerifiedDelivery, context?: ConnectorContext): NormalizeResult {
  const event = chargebeeEventSchema.parse(delivery.payload);
  const { currency } = chargebeeConfigOf(context?.config);
  switch (event.event_type) {
    case "payment_succeeded":
      return paymentSucceeded(event.content, event.occurred_at, currency);
    case "payment_refunded":
      return paymentRefunded(event.content, event.occurred_at, currency);
    case "subscription_created":
      return customerEvent(event.content, event.occurred_at, true);
    case "customer_created":
      return customerEvent(event.content, event.occurred_at, false);
    case "subscription_cancelled":
      return { ignored: "subscription cancelled; commissions earned stay, renewals stop arriving" };
    default:
      return { ignored: `chargebee event ${event.event_type} is not used` };
  }
}
