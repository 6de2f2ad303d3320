import { readFileSync } from "node:fs";
import { stripeConnector } from "../../connectors/stripe/connector";
import type { Database } from "../../db/client";
import { storeInboundEvent } from "../../domain/ingest/store-inbound-event";
import { processInboundEvent } from "../../jobs/stored-event-plan";
import { signStripePayload, stripeEvent } from "./stripe-signer";

/**
 * Stripe payloads in the API 2025-03-31+ ("basil" and later) shape, each built from Stripe's own OpenAPI fixture
 * object (../shared/fixtures/stripe/objects, stripe/openapi fixtures3.json) with the fields a real account fills in,
 * as the API reference (docs.stripe.com/api) and the stripe SDK 23 types describe them: invoices carry
 * `parent.subscription_details`, `lines.data[].pricing`, `total_taxes` and no `payment_intent`; invoice payments
 * (`invoice_payment`) say which payment intent paid which invoice.
 */
type Json = Record<string, unknown>;
export const stripeFixtureObject = (name: string): Json => JSON.parse(readFileSync(new URL(`../../../shared/fixtures/stripe/objects/${name}.json`, import.meta.url), "utf8"));

export const STRIPE_TEST_SECRET = "whsec_test_stripe_money";

export interface InvoiceShape {
  customer: string;
  email?: string;
  subscription?: string;
  reason: "subscription_create" | "subscription_cycle" | "manual";
  /** Before tax. */
  subtotal: number;
  tax?: number;
  /** Paid from the customer balance (a negative starting balance is a credit). */
  balanceApplied?: number;
  paidAt: number;
  currency?: string;
  referral?: string;
  discounts?: (string | Json)[];
}

export function stripeInvoice2025(id: string, shape: InvoiceShape): Json {
  const fixture = stripeFixtureObject("invoice");
  const tax = shape.tax ?? 0;
  const total = shape.subtotal + tax;
  const paid = total - (shape.balanceApplied ?? 0);
  const line = (fixture.lines as { data: Json[] }).data[0]!;
  return {
    ...fixture,
    id,
    status: "paid",
    billing_reason: shape.reason,
    customer: shape.customer,
    customer_email: shape.email ?? `${shape.customer}@example.com`,
    currency: shape.currency ?? "usd",
    subtotal: shape.subtotal,
    subtotal_excluding_tax: shape.subtotal,
    total,
    total_excluding_tax: shape.subtotal,
    starting_balance: -(shape.balanceApplied ?? 0),
    amount_due: paid,
    amount_paid: paid,
    amount_remaining: 0,
    total_taxes: tax
      ? [{ amount: tax, tax_behavior: "exclusive", tax_rate_details: { tax_rate: "txr_1" }, taxability_reason: "standard_rated", taxable_amount: shape.subtotal, type: "tax_rate_details" }]
      : [],
    discounts: shape.discounts ?? [],
    metadata: {},
    parent: shape.subscription
      ? { type: "subscription_details", quote_details: null, subscription_details: { subscription: shape.subscription, metadata: shape.referral ? { referral: shape.referral } : {} } }
      : null,
    lines: {
      ...(fixture.lines as Json),
      data: [{ ...line, invoice: id, amount: shape.subtotal, pricing: { type: "price_details", price_details: { price: "price_1", product: "prod_1" }, unit_amount_decimal: String(shape.subtotal) } }],
    },
    status_transitions: { finalized_at: shape.paidAt, marked_uncollectible_at: null, paid_at: shape.paidAt, voided_at: null },
  };
}

export const stripeInvoicePayment = (invoice: string, paymentIntent: string, amount: number, paidAt: number): Json => ({
  ...stripeFixtureObject("invoice_payment"),
  id: `inpay_${invoice}`,
  invoice,
  currency: "usd",
  amount_paid: amount,
  amount_requested: amount,
  status: "paid",
  payment: { type: "payment_intent", payment_intent: paymentIntent },
  status_transitions: { canceled_at: null, paid_at: paidAt },
});

/** A charge as charge.refunded sends it on current API versions: no refunds list, the cumulative amount_refunded. */
export const stripeRefundedCharge = (paymentIntent: string, amount: number, amountRefunded: number): Json => {
  const { refunds: _notSent, ...charge } = stripeFixtureObject("charge");
  return { ...charge, id: `ch_${paymentIntent}`, payment_intent: paymentIntent, currency: "usd", amount, amount_captured: amount, amount_refunded: amountRefunded, captured: true, refunded: amountRefunded === amount };
};

export const stripeDispute = (id: string, paymentIntent: string, amount: number, status: string, created: number): Json => ({
  ...stripeFixtureObject("dispute"),
  id,
  charge: `ch_${paymentIntent}`,
  payment_intent: paymentIntent,
  amount,
  currency: "usd",
  status,
  created,
});

/** A credit note after payment: `credit` to the customer balance, `refund` through Stripe (its refund arrives as charge.refunded). */
export const stripeCreditNote = (id: string, invoice: string, parts: { credit?: number; refund?: number }, created: number): Json => {
  const amount = (parts.credit ?? 0) + (parts.refund ?? 0);
  return {
    ...stripeFixtureObject("credit_note"),
    id,
    invoice,
    currency: "usd",
    status: "issued",
    type: "post_payment",
    amount,
    subtotal: amount,
    total: amount,
    post_payment_amount: amount,
    pre_payment_amount: 0,
    out_of_band_amount: null,
    refunds: parts.refund ? [{ amount_refunded: parts.refund, refund: `re_${id}`, payment_record_refund: null, type: "refund" }] : [],
    created,
    voided_at: null,
  };
};

export const stripePromotionCode = (id: string, code: string, metadata: Json = {}): Json => ({
  ...stripeFixtureObject("promotion_code"),
  id,
  code,
  active: true,
  metadata,
  promotion: { type: "coupon", coupon: "co_spring" },
});

export const stripeDiscount = (id: string, promotionCode: string, customer: string): Json => ({
  ...stripeFixtureObject("discount"),
  id,
  customer,
  promotion_code: promotionCode,
  source: { type: "coupon", coupon: "co_spring" },
});

export const stripeCheckoutSession = (id: string, fields: Json): Json => ({
  ...stripeFixtureObject("checkout.session"),
  id,
  status: "complete",
  payment_status: "paid",
  currency: "usd",
  ...fields,
});

let sequence = 0;

/** Signs the event, verifies it with the connector and stores it as the webhook route does; returns the stored row's id. */
export async function storeStripe(db: Database, shopId: string, type: string, payload: Json, created: number, options: { previousAttributes?: Json; connectionId?: string } = {}): Promise<string> {
  const data = options.previousAttributes ? { object: payload, previous_attributes: options.previousAttributes } : { object: payload };
  const raw = JSON.stringify(stripeEvent(type, payload, { id: `evt_${shopId.slice(0, 8)}_${++sequence}_${type}`, created, data }));
  const delivery = stripeConnector.verify(raw, new Headers({ "stripe-signature": signStripePayload(raw, STRIPE_TEST_SECRET) }), STRIPE_TEST_SECRET);
  const stored = await storeInboundEvent(db, {
    shopId,
    provider: "stripe",
    connectionId: options.connectionId ?? null,
    dedupeScope: `connection:${options.connectionId ?? `test-${shopId}`}`,
    externalId: delivery.externalId,
    topic: delivery.topic,
    payload: delivery.payload,
  });
  return stored.id;
}

/** storeStripe, then processes the event as the worker does. */
export async function deliverStripe(db: Database, shopId: string, type: string, payload: Json, created: number, previousAttributes?: Json): Promise<string> {
  return processInboundEvent(db, await storeStripe(db, shopId, type, payload, created, { previousAttributes }));
}
