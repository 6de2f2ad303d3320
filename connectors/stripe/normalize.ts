import type { z } from "zod";
import type { CustomerRef, Evidence, NormalizedEvent } from "../../domain/ingest/normalized-event";
import type { NormalizeResult, VerifiedDelivery } from "../types";
import {
  chargePreviousSchema,
  chargeSchema,
  checkoutSessionSchema,
  couponSchema,
  customerSchema,
  eventSchema,
  invoiceSchema,
  promotionCodeSchema,
  subscriptionSchema,
  type StripeCheckoutSession,
  type StripeDiscounts,
  type StripeInvoice,
  type StripeMetadata,
} from "./schemas";

type StripeEvent = z.infer<typeof eventSchema>;
type Sale = Extract<NormalizedEvent, { type: "sale" }>;
type Refund = Extract<NormalizedEvent, { type: "refund" }>;

const iso = (unixSeconds: number) => new Date(unixSeconds * 1000).toISOString();

/** Codes of expanded promotion codes; a bare promotion code id carries no code, so it is skipped. */
function couponCodesOf(discounts: StripeDiscounts): string[] {
  return (discounts ?? []).flatMap((discount) => {
    const promotionCode = typeof discount === "object" ? discount.promotion_code : undefined;
    return typeof promotionCode === "object" && promotionCode?.code ? [promotionCode.code] : [];
  });
}

/** client_reference_id wins; otherwise the first `metadata.referral` found, in the order given. */
function evidenceOf(couponCodes: string[], clientReferenceId: string | null | undefined, ...metadatas: StripeMetadata[]): Evidence {
  if (clientReferenceId) return { couponCodes, referralKey: clientReferenceId, referralKeySource: "client_reference_id" };
  const referral = metadatas.map((metadata) => metadata?.referral).find((key) => !!key);
  return referral ? { couponCodes, referralKey: referral, referralKeySource: "metadata" } : { couponCodes };
}

function customerRefOf(id: string | undefined, email: string | null | undefined, name?: string | null): CustomerRef | undefined {
  if (!id && !email) return undefined;
  return { provider: "stripe", ...(id ? { externalId: id } : {}), ...(email ? { email } : {}), ...(name ? { name } : {}) };
}

function checkoutCustomer(session: StripeCheckoutSession) {
  return customerRefOf(session.customer, session.customer_details?.email ?? session.customer_email, session.customer_details?.name);
}

function checkoutEvidence(session: StripeCheckoutSession) {
  return evidenceOf(couponCodesOf(session.discounts), session.client_reference_id, session.metadata);
}

function checkoutSale(session: StripeCheckoutSession, event: StripeEvent): NormalizeResult {
  if (session.payment_status !== "paid") {
    return { ignored: `checkout session is ${session.payment_status ?? "not paid"}; a delayed payment is counted on checkout.session.async_payment_succeeded` };
  }
  if (session.amount_total == null || !session.currency) return { ignored: "paid checkout session has no amount or currency" };
  const tax = session.total_details?.amount_tax ?? undefined;
  const shipping = session.total_details?.amount_shipping ?? undefined;
  const customer = checkoutCustomer(session);
  const sale: Sale = {
    type: "sale",
    // Refunds (charge.refunded) name the payment intent, so the sale is keyed by it.
    externalId: session.payment_intent ?? session.id,
    kind: "sale",
    amount: Math.max(0, session.amount_total - (tax ?? 0) - (shipping ?? 0)),
    currency: session.currency.toUpperCase(),
    ...(tax !== undefined ? { tax } : {}),
    ...(shipping !== undefined ? { shipping } : {}),
    occurredAt: iso(event.created),
    ...(customer ? { customer } : {}),
    evidence: checkoutEvidence(session),
    lines: [],
  };
  return { events: [sale] };
}

/** checkout.session.completed: a one-off payment is a sale; a subscription checkout only binds its customer. */
function checkoutCompleted(event: StripeEvent): NormalizeResult {
  const session = checkoutSessionSchema.parse(event.data.object);
  if (session.mode === "payment") return checkoutSale(session, event);
  if (session.mode !== "subscription") return { ignored: `checkout session in ${session.mode ?? "unknown"} mode takes no payment` };
  // The money of a subscription checkout arrives as invoice.paid; counting it here too would pay twice.
  const customer = checkoutCustomer(session);
  if (!customer) return { ignored: "subscription checkout names neither a customer nor an email" };
  return { events: [{ type: "customer", customer, evidence: checkoutEvidence(session), occurredAt: iso(event.created) }] };
}

/** checkout.session.async_payment_succeeded: the delayed payment (SEPA, bank transfer) of a one-off checkout arrived. */
function checkoutAsyncPaid(event: StripeEvent): NormalizeResult {
  const session = checkoutSessionSchema.parse(event.data.object);
  if (session.mode !== "payment") return { ignored: "subscription checkout: counted by its invoice, customer bound on checkout.session.completed" };
  return checkoutSale(session, event);
}

const renewalReasons = new Set(["subscription_cycle", "subscription_update", "subscription_threshold"]);

function invoiceAmount(invoice: StripeInvoice): number {
  return Math.max(0, invoice.total_excluding_tax ?? invoice.total - (invoice.tax ?? 0));
}

/** invoice.paid / invoice.payment_succeeded: the first invoice of a subscription (or a one-off) is a sale, later ones renewals. */
function invoicePaid(event: StripeEvent): NormalizeResult {
  const invoice = invoiceSchema.parse(event.data.object);
  const amount = invoiceAmount(invoice);
  if (amount === 0) return { ignored: "invoice of zero (trial or full discount)" };
  const customer = customerRefOf(invoice.customer, invoice.customer_email, invoice.customer_name);
  const sale: Sale = {
    type: "sale",
    // Older API versions put the payment intent on the invoice, which is what charge.refunded names. Newer ones drop
    // invoice.payment_intent and charge.invoice: the invoice id is the only key left, and a refund of its charge,
    // naming just the payment intent, cannot be linked to it from the event alone.
    externalId: invoice.payment_intent ?? invoice.id,
    kind: renewalReasons.has(invoice.billing_reason ?? "") ? "renewal" : "sale",
    amount,
    currency: invoice.currency.toUpperCase(),
    tax: Math.max(0, invoice.total - amount),
    occurredAt: iso(invoice.status_transitions?.paid_at ?? event.created),
    ...(customer ? { customer } : {}),
    evidence: evidenceOf(
      couponCodesOf(invoice.discounts),
      undefined,
      invoice.parent?.subscription_details?.metadata,
      invoice.subscription_details?.metadata,
      invoice.metadata,
    ),
    lines: [],
  };
  return { events: [sale] };
}

/**
 * Without expanded refunds (API 2022-11-15 and later) the charge only carries the cumulative amount_refunded.
 * Keyed by that total, a redelivery is a duplicate and each further partial refund gets its own id. The amount is
 * the increase over `previous_attributes.amount_refunded`, which Stripe sends with the event; when that is missing
 * it is the whole cumulative total, which over-reverses a second partial refund (the domain caps reversals at the sale).
 */
function cumulativeRefund(event: StripeEvent, chargeId: string, amountRefunded: number) {
  const previous = chargePreviousSchema.parse(event.data.previous_attributes)?.amount_refunded ?? 0;
  return { id: `${chargeId}:${amountRefunded}`, amount: Math.max(0, amountRefunded - previous), created: event.created };
}

/** charge.refunded: one refund per refund object of the charge, linked to the payment intent (or invoice) it refunds. */
function chargeRefunded(event: StripeEvent): NormalizeResult {
  const charge = chargeSchema.parse(event.data.object);
  const refundsExternalId = charge.payment_intent ?? charge.invoice;
  if (!refundsExternalId) return { ignored: "refunded charge names neither a payment intent nor an invoice" };
  const listed = (charge.refunds?.data ?? []).filter((refund) => refund.status !== "failed" && refund.status !== "canceled");
  const refunds = charge.refunds?.data.length
    ? listed.map((refund) => ({ id: refund.id, amount: refund.amount, created: refund.created ?? event.created }))
    : [cumulativeRefund(event, charge.id, charge.amount_refunded)];
  const currency = charge.currency.toUpperCase();
  const events = refunds
    .filter((refund) => refund.amount > 0)
    .map((refund): Refund => ({
      type: "refund",
      externalId: refund.id,
      refundsExternalId,
      amount: refund.amount,
      currency,
      occurredAt: iso(refund.created),
    }));
  return events.length ? { events } : { ignored: "charge has no refunded amount" };
}

function customerChanged(event: StripeEvent): NormalizeResult {
  const customer = customerSchema.parse(event.data.object);
  const ref = customerRefOf(customer.id, customer.email, customer.name) ?? { provider: "stripe", externalId: customer.id };
  return { events: [{ type: "customer", customer: ref, evidence: evidenceOf([], undefined, customer.metadata), occurredAt: iso(event.created) }] };
}

function subscriptionCreated(event: StripeEvent): NormalizeResult {
  const subscription = subscriptionSchema.parse(event.data.object);
  if (!subscription.metadata?.referral) return { ignored: "subscription carries no referral metadata" };
  if (!subscription.customer) return { ignored: "subscription names no customer" };
  const customer = { provider: "stripe", externalId: subscription.customer };
  return { events: [{ type: "customer", customer, evidence: evidenceOf([], undefined, subscription.metadata), occurredAt: iso(event.created) }] };
}

function promotionCodeChanged(event: StripeEvent): NormalizeResult {
  const code = promotionCodeSchema.parse(event.data.object);
  const partnerKey = code.metadata?.partner_key || code.metadata?.referral;
  const discountExternalId = code.coupon ?? code.promotion?.coupon;
  const couponCode: Extract<NormalizedEvent, { type: "coupon_code" }> = {
    type: "coupon_code",
    code: code.code,
    externalId: code.id,
    ...(discountExternalId ? { discountExternalId } : {}),
    active: code.active,
    ...(partnerKey ? { partnerKey } : {}),
  };
  return { events: [couponCode] };
}

/** Stripe events to domain events; pure. Stripe amounts are already integer minor units and ids stay strings. */
export function normalizeStripe(delivery: VerifiedDelivery): NormalizeResult {
  const event = eventSchema.parse(delivery.payload);
  switch (event.type) {
    case "checkout.session.completed":
      return checkoutCompleted(event);
    case "checkout.session.async_payment_succeeded":
      return checkoutAsyncPaid(event);
    case "invoice.paid":
    case "invoice.payment_succeeded":
      return invoicePaid(event);
    case "charge.refunded":
      return chargeRefunded(event);
    case "customer.created":
    case "customer.updated":
      return customerChanged(event);
    case "customer.subscription.created":
      return subscriptionCreated(event);
    case "customer.subscription.deleted":
      // Commissions already earned stay earned; renewals simply stop arriving.
      return { ignored: "subscription ended; nothing to reverse" };
    case "promotion_code.created":
    case "promotion_code.updated":
      return promotionCodeChanged(event);
    case "coupon.deleted":
      return { events: [{ type: "discount_deleted", discountExternalId: couponSchema.parse(event.data.object).id }] };
    default:
      return { ignored: `stripe event ${event.type} is not used` };
  }
}
