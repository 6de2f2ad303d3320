import type { z } from "zod";
import type { CustomerRef, Evidence, NormalizedEvent } from "../../domain/ingest/normalized-event";
import type { NormalizeResult, VerifiedDelivery } from "../types";
import {
  chargePreviousSchema,
  chargeSchema,
  checkoutSessionSchema,
  couponSchema,
  creditNoteSchema,
  customerSchema,
  discountSchema,
  disputeSchema,
  eventSchema,
  invoicePaymentSchema,
  invoiceSchema,
  promotionCodeSchema,
  subscriptionSchema,
  type StripeCheckoutSession,
  type StripeDiscounts,
  type StripeInvoice,
  type StripeMetadata,
} from "./schemas";
import { fromStripeAmount } from "./stripe-decimals";

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

/**
 * Ids naming the discounts used, resolved to partner codes when applied: a checkout session's promotion codes
 * (`promo_...`) and an invoice's discounts (`di_...`, or expanded Discount objects with their promotion code).
 */
function discountIdsOf(discounts: StripeDiscounts): string[] {
  const ids = (discounts ?? []).flatMap((discount) => {
    if (typeof discount === "string") return [discount];
    const promotionCode = typeof discount.promotion_code === "string" ? discount.promotion_code : discount.promotion_code?.id;
    return [discount.id, promotionCode].filter((id): id is string => !!id);
  });
  return [...new Set(ids)];
}

/** client_reference_id wins; otherwise the first `metadata.referral` found, in the order given. */
function evidenceOf(discounts: StripeDiscounts, clientReferenceId: string | null | undefined, ...metadatas: StripeMetadata[]): Evidence {
  const couponCodes = couponCodesOf(discounts);
  const ids = discountIdsOf(discounts);
  const codes = ids.length ? { couponCodes, discountExternalIds: ids } : { couponCodes };
  if (clientReferenceId) return { ...codes, referralKey: clientReferenceId, referralKeySource: "client_reference_id" };
  const referral = metadatas.map((metadata) => metadata?.referral).find((key) => !!key);
  return referral ? { ...codes, referralKey: referral, referralKeySource: "metadata" } : codes;
}

function customerRefOf(id: string | undefined, email: string | null | undefined, name?: string | null): CustomerRef | undefined {
  if (!id && !email) return undefined;
  return { provider: "stripe", ...(id ? { externalId: id } : {}), ...(email ? { email } : {}), ...(name ? { name } : {}) };
}

function checkoutCustomer(session: StripeCheckoutSession) {
  return customerRefOf(session.customer, session.customer_details?.email ?? session.customer_email, session.customer_details?.name);
}

function checkoutEvidence(session: StripeCheckoutSession) {
  return evidenceOf(session.discounts, session.client_reference_id, session.metadata);
}

function checkoutSale(session: StripeCheckoutSession, event: StripeEvent): NormalizeResult {
  if (session.payment_status !== "paid") {
    return { ignored: `checkout session is ${session.payment_status ?? "not paid"}; a delayed payment is counted on checkout.session.async_payment_succeeded` };
  }
  if (session.amount_total == null || !session.currency) return { ignored: "paid checkout session has no amount or currency" };
  const money = (amount: number) => fromStripeAmount(amount, session.currency!);
  const tax = session.total_details?.amount_tax != null ? money(session.total_details.amount_tax) : undefined;
  const shipping = session.total_details?.amount_shipping != null ? money(session.total_details.amount_shipping) : undefined;
  const total = money(session.amount_total);
  const customer = checkoutCustomer(session);
  const sale: Sale = {
    type: "sale",
    // Refunds (charge.refunded) name the payment intent, so the sale is keyed by it.
    externalId: session.payment_intent ?? session.id,
    kind: "sale",
    amount: Math.max(0, total - (tax ?? 0) - (shipping ?? 0)),
    currency: session.currency.toUpperCase(),
    ...(tax !== undefined ? { tax } : {}),
    ...(shipping !== undefined ? { shipping } : {}),
    occurredAt: iso(event.created),
    ...(customer ? { customer } : {}),
    evidence: checkoutEvidence(session),
    lines: [],
    paidAmount: total,
  };
  return { events: [sale] };
}

/**
 * A checkout whose money arrives as an invoice (a subscription, or a one-off payment with invoice creation) only
 * binds its customer: counting it here too would pay twice. The binding dates from the session's creation, which
 * precedes the invoice's payment, so an invoice recorded first (webhooks are unordered; both often carry the same
 * second) is credited by it.
 */
function checkoutBinding(session: StripeCheckoutSession, event: StripeEvent): NormalizeResult {
  const customer = checkoutCustomer(session);
  if (!customer) return { ignored: "checkout paid by an invoice names neither a customer nor an email" };
  return { events: [{ type: "customer", customer, evidence: checkoutEvidence(session), occurredAt: iso(session.created ?? event.created) }] };
}

/** checkout.session.completed: a one-off payment is a sale; a subscription checkout only binds its customer. */
function checkoutCompleted(event: StripeEvent): NormalizeResult {
  const session = checkoutSessionSchema.parse(event.data.object);
  if (session.mode === "payment" && session.invoice) return checkoutBinding(session, event);
  if (session.mode === "payment") return checkoutSale(session, event);
  if (session.mode !== "subscription") return { ignored: `checkout session in ${session.mode ?? "unknown"} mode takes no payment` };
  return checkoutBinding(session, event);
}

/** checkout.session.async_payment_succeeded: the delayed payment (SEPA, bank transfer) of a one-off checkout arrived. */
function checkoutAsyncPaid(event: StripeEvent): NormalizeResult {
  const session = checkoutSessionSchema.parse(event.data.object);
  if (session.mode !== "payment") return { ignored: "subscription checkout: counted by its invoice, customer bound on checkout.session.completed" };
  return session.invoice ? checkoutBinding(session, event) : checkoutSale(session, event);
}

const renewalReasons = new Set(["subscription_cycle", "subscription_update", "subscription_threshold"]);

/** Tax in the invoice: `total_taxes` from API 2025-03-31, `tax` before, else what total_excluding_tax leaves out. */
function invoiceTax(invoice: StripeInvoice): number {
  if (invoice.total_taxes) return invoice.total_taxes.reduce((sum, tax) => sum + tax.amount, 0);
  return invoice.tax ?? (invoice.total_excluding_tax != null ? invoice.total - invoice.total_excluding_tax : 0);
}

/**
 * What was paid, less tax, in the app's minor units. amount_paid rather than total: the customer balance or credit
 * notes may have paid part of the total, and that part was no sale.
 */
function invoiceMoney(invoice: StripeInvoice) {
  const money = (amount: number) => fromStripeAmount(amount, invoice.currency);
  const paid = money(invoice.amount_paid ?? invoice.total);
  const tax = Math.min(paid, money(invoiceTax(invoice)));
  return { paid, tax, amount: paid - tax };
}

/**
 * invoice.paid / invoice.payment_succeeded: the first invoice of a subscription (or a one-off) is a sale, later ones
 * renewals. A trial's $0 invoice is ignored; the first paid one after it says subscription_cycle and is made the
 * subscription's sale when applied (its first non-zero payment).
 */
function invoicePaid(event: StripeEvent): NormalizeResult {
  const invoice = invoiceSchema.parse(event.data.object);
  const { paid, tax, amount } = invoiceMoney(invoice);
  if (amount === 0) return { ignored: "invoice of zero (trial or full discount)" };
  const subscription = invoice.parent?.subscription_details?.subscription ?? invoice.subscription;
  const customer = customerRefOf(invoice.customer, invoice.customer_email, invoice.customer_name);
  const sale: Sale = {
    type: "sale",
    // Older API versions put the payment intent on the invoice, which is what charge.refunded names. Newer ones drop
    // invoice.payment_intent and charge.invoice: the sale is keyed by the invoice, and refunds naming the payment
    // intent reach it through invoice_payment.paid (a payment_link).
    externalId: invoice.payment_intent ?? invoice.id,
    kind: renewalReasons.has(invoice.billing_reason ?? "") ? "renewal" : "sale",
    amount,
    currency: invoice.currency.toUpperCase(),
    tax,
    paidAmount: paid,
    ...(subscription ? { subscriptionExternalId: subscription } : {}),
    occurredAt: iso(invoice.status_transitions?.paid_at ?? event.created),
    ...(customer ? { customer } : {}),
    evidence: evidenceOf(
      invoice.discounts,
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
  const refundsExternalId = charge.payment_intent ?? charge.invoice ?? charge.id;
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
      amount: fromStripeAmount(refund.amount, currency),
      currency,
      occurredAt: iso(refund.created),
    }));
  return events.length ? { events } : { ignored: "charge has no refunded amount" };
}

/** charge.dispute.created: the disputed amount is withdrawn, so it reverses like a refund (restored if the dispute is won). */
function disputeCreated(event: StripeEvent): NormalizeResult {
  const dispute = disputeSchema.parse(event.data.object);
  const refundsExternalId = dispute.payment_intent ?? dispute.charge;
  if (!refundsExternalId) return { ignored: "dispute names no payment intent or charge" };
  const currency = dispute.currency.toUpperCase();
  const amount = fromStripeAmount(dispute.amount, currency);
  if (amount === 0) return { ignored: "dispute of zero" };
  return { events: [{ type: "refund", externalId: dispute.id, refundsExternalId, amount, currency, occurredAt: iso(dispute.created ?? event.created) }] };
}

/** Closed won (or an inquiry closed without a chargeback): the money is back, so the dispute's reversals are undone. */
const restoringDisputeStatuses = new Set(["won", "warning_closed"]);

function disputeClosed(event: StripeEvent): NormalizeResult {
  const dispute = disputeSchema.parse(event.data.object);
  if (!restoringDisputeStatuses.has(dispute.status)) return { ignored: `dispute closed ${dispute.status}: its reversal stands` };
  return { events: [{ type: "refund_restored", externalId: `${dispute.id}:${dispute.status}`, refundExternalId: dispute.id, occurredAt: iso(event.created) }] };
}

/**
 * credit_note.created: the part credited after payment (to the customer balance, or refunded outside Stripe) reverses
 * like a refund. The part it refunds through Stripe arrives as charge.refunded and reverses there; a pre-payment
 * credit note lowered the invoice's amount_paid, so it was never in the base.
 */
function creditNoteCreated(event: StripeEvent): NormalizeResult {
  const note = creditNoteSchema.parse(event.data.object);
  if (note.status === "void") return { ignored: "credit note is void" };
  if (!note.invoice) return { ignored: "credit note names no invoice" };
  const postPayment = note.post_payment_amount ?? (note.type === "post_payment" ? note.total : 0);
  const refunded = (note.refunds ?? []).reduce((sum, refund) => sum + refund.amount_refunded, 0);
  const currency = note.currency.toUpperCase();
  const amount = fromStripeAmount(Math.max(0, postPayment - refunded), currency);
  if (amount === 0) return { ignored: postPayment > 0 ? "credit note only refunds; charge.refunded reverses it" : "pre-payment credit note: never in the base" };
  return { events: [{ type: "refund", externalId: note.id, refundsExternalId: note.invoice, amount, currency, occurredAt: iso(note.created ?? event.created) }] };
}

/** invoice_payment.paid: which payment intent (or charge) paid the invoice, so refunds and disputes naming it reach the invoice's sale. */
function invoicePaymentPaid(event: StripeEvent): NormalizeResult {
  const payment = invoicePaymentSchema.parse(event.data.object);
  if (!payment.invoice) return { ignored: "invoice payment names no invoice" };
  const paymentExternalIds = [payment.payment.payment_intent, payment.payment.charge].filter((id): id is string => !!id);
  if (!paymentExternalIds.length) return { ignored: `invoice payment of type ${payment.payment.type} names no payment intent or charge` };
  return { events: [{ type: "payment_link", paymentExternalIds, saleExternalId: payment.invoice }] };
}

/** customer.discount.created|updated: the discount id invoices name, and the promotion code that applied it. */
function discountChanged(event: StripeEvent): NormalizeResult {
  const discount = discountSchema.parse(event.data.object);
  if (!discount.promotion_code) return { ignored: "discount applied without a promotion code" };
  return { events: [{ type: "discount_link", discountExternalId: discount.id, promotionCodeExternalId: discount.promotion_code }] };
}

function customerChanged(event: StripeEvent): NormalizeResult {
  const customer = customerSchema.parse(event.data.object);
  const ref = customerRefOf(customer.id, customer.email, customer.name) ?? { provider: "stripe", externalId: customer.id };
  return { events: [{ type: "customer", customer: ref, evidence: evidenceOf(undefined, undefined, customer.metadata), occurredAt: iso(event.created) }] };
}

function subscriptionCreated(event: StripeEvent): NormalizeResult {
  const subscription = subscriptionSchema.parse(event.data.object);
  if (!subscription.metadata?.referral) return { ignored: "subscription carries no referral metadata" };
  if (!subscription.customer) return { ignored: "subscription names no customer" };
  const customer = { provider: "stripe", externalId: subscription.customer };
  return { events: [{ type: "customer", customer, evidence: evidenceOf(undefined, undefined, subscription.metadata), occurredAt: iso(event.created) }] };
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
    case "charge.dispute.created":
      return disputeCreated(event);
    case "charge.dispute.closed":
      return disputeClosed(event);
    case "credit_note.created":
      return creditNoteCreated(event);
    case "invoice_payment.paid":
      return invoicePaymentPaid(event);
    case "customer.discount.created":
    case "customer.discount.updated":
      return discountChanged(event);
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
