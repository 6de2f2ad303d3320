import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { stripeConnector } from "../../connectors/stripe/connector";
import type { NormalizeResult, VerifiedDelivery } from "../../connectors/types";
import { WebhookPayloadError, WebhookVerificationError } from "../../connectors/types";
import { normalizedEventSchema } from "../../domain/ingest/normalized-event";
import { stripeInvoice } from "../helpers/ingest-fixtures";
import { signStripePayload, stripeEvent } from "../helpers/stripe-signer";
import { connectorContract } from "./contract";

type Json = Record<string, unknown>;

const SECRET = "whsec_test_connector_secret";
const CREATED = 1_800_000_000;
const CREATED_ISO = new Date(CREATED * 1000).toISOString();
const iso = (unixSeconds: number) => new Date(unixSeconds * 1000).toISOString();
const nowSeconds = () => Math.floor(Date.now() / 1000);

const readJson = (path: string): Json => JSON.parse(readFileSync(new URL(`../../../shared/fixtures/stripe/${path}`, import.meta.url), "utf8"));
/** One of Stripe's own OpenAPI fixture objects; tests add what a real store would set. */
const fixture = (name: string): Json => readJson(`objects/${name}.json`);
const headers = (signature: string | null) => new Headers(signature === null ? {} : { "Stripe-Signature": signature });

function deliver(type: string, object: unknown, envelope: Json = {}): VerifiedDelivery {
  const raw = JSON.stringify(stripeEvent(type, object, { id: "evt_1", created: CREATED, ...envelope }));
  return stripeConnector.verify(raw, headers(signStripePayload(raw, SECRET)), SECRET);
}

/** Signs, verifies and normalizes; every produced event must be a valid NormalizedEvent, unchanged by parsing. */
function normalize(type: string, object: unknown, envelope: Json = {}): NormalizeResult {
  const result = stripeConnector.normalize(deliver(type, object, envelope));
  if ("events" in result) for (const event of result.events) expect(normalizedEventSchema.parse(event)).toEqual(event);
  return result;
}

const expandedPromotionCode = (code: string) => ({ ...fixture("promotion_code"), id: `promo_${code}`, code });

describe("Stripe verify (stripe SDK; signatures computed independently with node:crypto)", () => {
  const event = stripeEvent("invoice.paid", fixture("invoice"), { id: "evt_verify" });
  const raw = JSON.stringify(event);

  it("accepts a correctly signed body and returns the event id, type and parsed event", () => {
    expect(stripeConnector.verify(raw, headers(signStripePayload(raw, SECRET)), SECRET)).toEqual({ externalId: "evt_verify", topic: "invoice.paid", payload: event });
  });

  it("accepts when one of several v1 signatures matches (secret rolling), ignoring v0", () => {
    const t = nowSeconds();
    const v1 = (secret: string) => signStripePayload(raw, secret, t).split(",v1=")[1];
    const header = `t=${t},v1=${v1("whsec_rolled_out")},v0=${"0".repeat(64)},v1=${v1(SECRET)}`;
    expect(stripeConnector.verify(raw, headers(header), SECRET).externalId).toBe("evt_verify");
  });

  it("honours the 300 s tolerance against the given now", () => {
    const t = 1_700_000_000;
    const header = headers(signStripePayload(raw, SECRET, t));
    expect(stripeConnector.verify(raw, header, SECRET, { now: new Date((t + 300) * 1000) }).externalId).toBe("evt_verify");
    expect(() => stripeConnector.verify(raw, header, SECRET, { now: new Date((t + 301) * 1000) })).toThrow(WebhookVerificationError);
  });

  it.each<[string, () => string | null, string?]>([
    ["a forged signature", () => `t=${nowSeconds()},v1=${"ab".repeat(32)}`],
    ["a signature made with another secret", () => signStripePayload(raw, "whsec_someone_else")],
    ["a body changed after signing", () => signStripePayload(raw, SECRET), raw.replace("evt_verify", "evt_other")],
    ["a missing Stripe-Signature header", () => null],
    ["an empty Stripe-Signature header", () => ""],
    ["a header without a timestamp", () => `v1=${signStripePayload(raw, SECRET).split(",v1=")[1]}`],
    ["a timestamp 301 s old", () => signStripePayload(raw, SECRET, nowSeconds() - 301)],
  ])("rejects %s with WebhookVerificationError, without the secret in the message", (_name, sign, body = raw) => {
    let thrown: unknown;
    try {
      stripeConnector.verify(body, headers(sign()), SECRET);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(WebhookVerificationError);
    expect((thrown as Error).message).not.toContain(SECRET);
  });

  it.each([
    ["malformed JSON", "{nope"],
    ["a JSON array", "[]"],
    ["JSON null", "null"],
    ["an object without id and type", JSON.stringify({ object: "event", data: {} })],
    ["a thin v2 event notification", JSON.stringify({ id: "evt_thin", object: "v2.core.event", type: "v1.billing.meter.error_report_triggered" })],
  ])("rejects a validly signed body that is %s with WebhookPayloadError", (_name, body) => {
    expect(() => stripeConnector.verify(body, headers(signStripePayload(body, SECRET)), SECRET)).toThrow(WebhookPayloadError);
  });

  it("verifies and ignores the one real event envelope in Stripe's fixtures", () => {
    const body = JSON.stringify(readJson("events/plan.created.fixtures3.json"));
    const delivery = stripeConnector.verify(body, headers(signStripePayload(body, SECRET)), SECRET);
    expect(delivery).toMatchObject({ externalId: "evt_1Pgc76B7WZ01zgkWwyRHS12y", topic: "plan.created" });
    expect(stripeConnector.normalize(delivery)).toEqual({ ignored: "stripe event plan.created is not used" });
  });
});

describe("Stripe normalize: checkout.session.completed", () => {
  const paidSession = (extra: Json = {}): Json => ({
    ...fixture("checkout.session"),
    mode: "payment",
    payment_status: "paid",
    status: "complete",
    payment_intent: "pi_1",
    customer: "cus_1",
    customer_details: { ...(fixture("checkout.session").customer_details as Json), email: "ava.buyer@example.com", name: "Ava Buyer" },
    client_reference_id: "AVA",
    metadata: { referral: "IGNORED_WHEN_CLIENT_REFERENCE_ID" },
    amount_total: 12_000,
    currency: "eur",
    total_details: { amount_discount: 2_000, amount_shipping: 500, amount_tax: 1_500 },
    discounts: [{ coupon: "co_1", promotion_code: expandedPromotionCode("AVA20") }],
    created: CREATED - 120,
    ...extra,
  });

  it("turns a paid one-off checkout into a sale keyed by its payment intent, without tax and shipping", () => {
    expect(normalize("checkout.session.completed", paidSession())).toEqual({
      events: [
        {
          type: "sale",
          externalId: "pi_1",
          kind: "sale",
          amount: 10_000,
          currency: "EUR",
          tax: 1_500,
          shipping: 500,
          occurredAt: CREATED_ISO,
          customer: { provider: "stripe", externalId: "cus_1", email: "ava.buyer@example.com", name: "Ava Buyer" },
          evidence: { couponCodes: ["AVA20"], discountExternalIds: ["promo_AVA20"], referralKey: "AVA", referralKeySource: "client_reference_id" },
          lines: [],
          paidAmount: 12_000,
        },
      ],
    });
  });

  it("falls back to the session id, metadata.referral and customer_email; bare promotion code ids carry no code", () => {
    const session = paidSession({
      payment_intent: null,
      customer: null,
      customer_details: null,
      customer_email: "guest@example.com",
      client_reference_id: null,
      metadata: { referral: "NOAH" },
      total_details: { amount_discount: 0, amount_shipping: null, amount_tax: 0 },
      discounts: [{ coupon: "co_1", promotion_code: "promo_bare" }],
    });
    expect(normalize("checkout.session.completed", session)).toEqual({
      events: [
        {
          type: "sale",
          externalId: session.id,
          kind: "sale",
          amount: 12_000,
          currency: "EUR",
          tax: 0,
          occurredAt: CREATED_ISO,
          customer: { provider: "stripe", email: "guest@example.com" },
          evidence: { couponCodes: [], discountExternalIds: ["promo_bare"], referralKey: "NOAH", referralKeySource: "metadata" },
          lines: [],
          paidAmount: 12_000,
        },
      ],
    });
  });

  it("reads expanded payment intents and customers as their ids, and clamps the amount at zero", () => {
    const session = paidSession({ payment_intent: { id: "pi_expanded", object: "payment_intent" }, customer: { id: "cus_expanded", object: "customer" }, amount_total: 1_000 });
    expect(normalize("checkout.session.completed", session)).toMatchObject({
      events: [{ externalId: "pi_expanded", amount: 0, customer: { externalId: "cus_expanded" } }],
    });
  });

  it("lets a subscription checkout bind the customer only, from the session's creation: its money arrives as invoice.paid", () => {
    const session = paidSession({ mode: "subscription", payment_intent: null, subscription: "sub_1", customer: "cus_2", client_reference_id: null, metadata: { referral: "NOAH" } });
    expect(normalize("checkout.session.completed", session)).toEqual({
      events: [
        {
          type: "customer",
          customer: { provider: "stripe", externalId: "cus_2", email: "ava.buyer@example.com", name: "Ava Buyer" },
          evidence: { couponCodes: ["AVA20"], discountExternalIds: ["promo_AVA20"], referralKey: "NOAH", referralKeySource: "metadata" },
          occurredAt: iso(CREATED - 120),
        },
      ],
    });
  });

  it.each<[string, Json, string]>([
    ["a subscription checkout without customer or email", { mode: "subscription", customer: null, customer_details: null, customer_email: null }, "checkout paid by an invoice names neither a customer nor an email"],
    ["an unpaid (delayed) payment", { payment_status: "unpaid" }, "checkout session is unpaid; a delayed payment is counted on checkout.session.async_payment_succeeded"],
    ["a free checkout", { payment_status: "no_payment_required" }, "checkout session is no_payment_required; a delayed payment is counted on checkout.session.async_payment_succeeded"],
    ["a setup-mode session", { mode: "setup", payment_status: "no_payment_required" }, "checkout session in setup mode takes no payment"],
    ["the unpaid fixture session as Stripe publishes it", fixture("checkout.session"), "checkout session is unpaid; a delayed payment is counted on checkout.session.async_payment_succeeded"],
  ])("ignores %s", (_name, extra, reason) => {
    expect(normalize("checkout.session.completed", paidSession(extra))).toEqual({ ignored: reason });
  });

  it("counts a delayed payment on checkout.session.async_payment_succeeded with the same key as a completed one", () => {
    const completed = normalize("checkout.session.completed", paidSession());
    expect(normalize("checkout.session.async_payment_succeeded", paidSession(), { id: "evt_2" })).toEqual(completed);
    expect(normalize("checkout.session.async_payment_succeeded", paidSession({ mode: "subscription" }))).toEqual({
      ignored: "subscription checkout: counted by its invoice, customer bound on checkout.session.completed",
    });
  });
});

describe("Stripe normalize: invoice.paid", () => {
  const PAID_AT = CREATED - 60;
  const paidInvoice = (extra: Json = {}) => ({
    ...fixture("invoice"),
    id: "in_1",
    status: "paid",
    billing_reason: "subscription_create",
    customer: "cus_3",
    customer_email: "saas@example.com",
    currency: "usd",
    total: 1_190,
    total_excluding_tax: 1_000,
    amount_paid: 1_190,
    parent: { type: "subscription_details", quote_details: null, subscription_details: { subscription: "sub_1", metadata: { referral: "AVA" } } },
    discounts: ["di_bare", { ...fixture("discount"), promotion_code: expandedPromotionCode("SPRING") }],
    status_transitions: { finalized_at: PAID_AT, marked_uncollectible_at: null, paid_at: PAID_AT, voided_at: null },
    ...extra,
  });

  it("turns a first subscription invoice into a sale keyed by the invoice, excluding tax", () => {
    expect(normalize("invoice.paid", paidInvoice())).toEqual({
      events: [
        {
          type: "sale",
          externalId: "in_1",
          kind: "sale",
          amount: 1_000,
          currency: "USD",
          tax: 190,
          occurredAt: iso(PAID_AT),
          customer: { provider: "stripe", externalId: "cus_3", email: "saas@example.com" },
          evidence: {
            couponCodes: ["SPRING"],
            discountExternalIds: ["di_bare", "di_1Pgc6rB7WZ01zgkW7Al8Fal9", "promo_SPRING"],
            referralKey: "AVA",
            referralKeySource: "metadata",
          },
          lines: [],
          paidAmount: 1_190,
          subscriptionExternalId: "sub_1",
        },
      ],
    });
  });

  it.each([
    ["subscription_create", "sale"],
    ["subscription_cycle", "renewal"],
    ["subscription_update", "renewal"],
    ["subscription_threshold", "renewal"],
    ["manual", "sale"],
    ["automatic_pending_invoice_item_invoice", "sale"],
  ])("reads billing_reason %s as a %s", (reason, kind) => {
    expect(normalize("invoice.paid", paidInvoice({ billing_reason: reason }))).toMatchObject({ events: [{ type: "sale", externalId: "in_1", kind, amount: 1_000 }] });
  });

  it("treats invoice.payment_succeeded as invoice.paid", () => {
    expect(normalize("invoice.payment_succeeded", paidInvoice())).toEqual(normalize("invoice.paid", paidInvoice()));
  });

  it("keys older API invoices by their payment intent and subtracts `tax` when total_excluding_tax is absent", () => {
    const { total_excluding_tax: _dropped, ...older } = paidInvoice({ payment_intent: "pi_old", tax: 190 });
    expect(normalize("invoice.paid", older)).toMatchObject({ events: [{ externalId: "pi_old", amount: 1_000, tax: 190 }] });
  });

  it.each<[string, Json, string | undefined]>([
    ["parent.subscription_details first", { subscription_details: { metadata: { referral: "OLD" } }, metadata: { referral: "INV" } }, "AVA"],
    ["subscription_details (older API) next", { parent: null, subscription_details: { metadata: { referral: "OLD" } }, metadata: { referral: "INV" } }, "OLD"],
    ["the invoice metadata last", { parent: { subscription_details: { metadata: null } }, metadata: { referral: "INV" } }, "INV"],
    ["none at all", { parent: null, metadata: {} }, undefined],
  ])("takes the referral from %s", (_name, extra, referralKey) => {
    const codes = { couponCodes: ["SPRING"], discountExternalIds: ["di_bare", "di_1Pgc6rB7WZ01zgkW7Al8Fal9", "promo_SPRING"] };
    const evidence = referralKey ? { ...codes, referralKey, referralKeySource: "metadata" } : codes;
    expect(normalize("invoice.paid", paidInvoice(extra))).toEqual({ events: [expect.objectContaining({ evidence })] });
  });

  it("dates the sale by the event when the invoice has no paid_at", () => {
    expect(normalize("invoice.paid", paidInvoice({ status_transitions: fixture("invoice").status_transitions }))).toMatchObject({ events: [{ occurredAt: CREATED_ISO }] });
  });

  it("ignores a zero invoice (trial)", () => {
    expect(normalize("invoice.paid", paidInvoice({ total: 0, total_excluding_tax: 0, amount_paid: 0 }))).toEqual({ ignored: "invoice of zero (trial or full discount)" });
  });

  it("throws on an invoice it cannot read, so the worker retries and then shows it to the merchant", () => {
    const { total: _dropped, ...broken } = paidInvoice();
    expect(() => stripeConnector.normalize(deliver("invoice.paid", broken))).toThrow();
  });
});

describe("Stripe normalize: charge.refunded", () => {
  const refund = (id: string, amount: number, extra: Json = {}) => ({ ...fixture("refund"), id, amount, currency: "eur", charge: "ch_1", payment_intent: "pi_1", created: CREATED - 10, ...extra });
  const refundedCharge = (extra: Json = {}) => ({
    ...fixture("charge"),
    id: "ch_1",
    payment_intent: "pi_1",
    currency: "eur",
    amount: 12_000,
    amount_refunded: 3_000,
    refunded: false,
    refunds: { object: "list", has_more: false, url: "/v1/charges/ch_1/refunds", data: [refund("re_2", 2_000, { created: CREATED - 5 }), refund("re_1", 1_000), refund("re_failed", 500, { status: "failed" })] },
    ...extra,
  });

  it("emits one refund per listed refund, linked to the payment intent, skipping failed ones", () => {
    expect(normalize("charge.refunded", refundedCharge())).toEqual({
      events: [
        { type: "refund", externalId: "re_2", refundsExternalId: "pi_1", amount: 2_000, currency: "EUR", occurredAt: iso(CREATED - 5) },
        { type: "refund", externalId: "re_1", refundsExternalId: "pi_1", amount: 1_000, currency: "EUR", occurredAt: iso(CREATED - 10) },
      ],
    });
  });

  it("without expanded refunds, keys by the cumulative total and counts the increase over previous_attributes", () => {
    const charge = refundedCharge({ refunds: fixture("charge").refunds });
    expect(normalize("charge.refunded", charge, { data: { object: charge, previous_attributes: { amount_refunded: 1_000 } } })).toEqual({
      events: [{ type: "refund", externalId: "ch_1:3000", refundsExternalId: "pi_1", amount: 2_000, currency: "EUR", occurredAt: CREATED_ISO }],
    });
  });

  it("without expanded refunds nor previous_attributes, falls back to the cumulative amount refunded", () => {
    const { refunds: _dropped, ...charge } = refundedCharge();
    expect(normalize("charge.refunded", charge)).toEqual({
      events: [{ type: "refund", externalId: "ch_1:3000", refundsExternalId: "pi_1", amount: 3_000, currency: "EUR", occurredAt: CREATED_ISO }],
    });
  });

  it("links to the invoice when an older-API charge has no payment intent", () => {
    expect(normalize("charge.refunded", refundedCharge({ payment_intent: null, invoice: "in_1" }))).toMatchObject({
      events: [{ refundsExternalId: "in_1" }, { refundsExternalId: "in_1" }],
    });
  });

  it("links a charge naming neither payment intent nor invoice by the charge itself (invoice_payment.paid can name it)", () => {
    expect(normalize("charge.refunded", refundedCharge({ payment_intent: null }))).toMatchObject({ events: [{ refundsExternalId: "ch_1" }, { refundsExternalId: "ch_1" }] });
  });

  it.each<[string, Json, string]>([
    ["a charge whose only refund failed", { refunds: { object: "list", data: [refund("re_failed", 500, { status: "failed" })] } }, "charge has no refunded amount"],
  ])("ignores %s", (_name, extra, reason) => {
    expect(normalize("charge.refunded", refundedCharge(extra))).toEqual({ ignored: reason });
  });
});

describe("Stripe normalize: customers, subscriptions, promotion codes, coupons", () => {
  it.each(["customer.created", "customer.updated"])("turns %s into a customer event with metadata.referral", (type) => {
    const customer = { ...fixture("customer"), id: "cus_9", email: "a@example.com", name: "Ann", metadata: { referral: "AVA" } };
    expect(normalize(type, customer)).toEqual({
      events: [
        {
          type: "customer",
          customer: { provider: "stripe", externalId: "cus_9", email: "a@example.com", name: "Ann" },
          evidence: { couponCodes: [], referralKey: "AVA", referralKeySource: "metadata" },
          occurredAt: CREATED_ISO,
        },
      ],
    });
  });

  it("turns the fixture customer without email or metadata into a bare customer event", () => {
    expect(normalize("customer.created", fixture("customer"))).toEqual({
      events: [{ type: "customer", customer: { provider: "stripe", externalId: "cus_QXg1o8vcGmoR32" }, evidence: { couponCodes: [] }, occurredAt: CREATED_ISO }],
    });
  });

  it("binds a subscription's customer through its metadata.referral", () => {
    expect(normalize("customer.subscription.created", { ...fixture("subscription"), customer: "cus_9", metadata: { referral: "AVA" } })).toEqual({
      events: [
        { type: "customer", customer: { provider: "stripe", externalId: "cus_9" }, evidence: { couponCodes: [], referralKey: "AVA", referralKeySource: "metadata" }, occurredAt: CREATED_ISO },
      ],
    });
  });

  it.each<[string, string, Json, string]>([
    ["a subscription without referral metadata", "customer.subscription.created", fixture("subscription"), "subscription carries no referral metadata"],
    ["an ended subscription", "customer.subscription.deleted", { ...fixture("subscription"), status: "canceled" }, "subscription ended; nothing to reverse"],
    ["an unused event type", "payout.paid", fixture("payout"), "stripe event payout.paid is not used"],
    ["an updated subscription", "customer.subscription.updated", fixture("subscription"), "stripe event customer.subscription.updated is not used"],
    ["an unpaid invoice event", "invoice.created", fixture("invoice"), "stripe event invoice.created is not used"],
  ])("ignores %s", (_name, type, object, reason) => {
    expect(normalize(type, object)).toEqual({ ignored: reason });
  });

  it.each<[string, string, Json, Json]>([
    [
      "a newer-API code (promotion.coupon) with metadata.partner_key",
      "promotion_code.created",
      { active: true, promotion: { type: "coupon", coupon: "co_new" }, metadata: { partner_key: "AVA", referral: "OTHER" } },
      { discountExternalId: "co_new", active: true, partnerKey: "AVA" },
    ],
    ["an older-API code (coupon id) with metadata.referral", "promotion_code.updated", { active: false, coupon: "co_old", metadata: { referral: "NOAH" } }, { discountExternalId: "co_old", active: false, partnerKey: "NOAH" }],
    ["an expanded coupon without partner metadata", "promotion_code.created", { active: true, coupon: { ...fixture("coupon"), id: "co_exp" } }, { discountExternalId: "co_exp", active: true }],
    ["the fixture code as Stripe publishes it (no coupon)", "promotion_code.created", {}, { active: false }],
  ])("turns %s into a coupon_code event", (_name, type, extra, expected) => {
    const code = { ...fixture("promotion_code"), id: "promo_1", code: "AVA20", ...extra };
    expect(normalize(type, code)).toEqual({ events: [{ type: "coupon_code", code: "AVA20", externalId: "promo_1", ...expected }] });
  });

  it("turns coupon.deleted into discount_deleted for the coupon", () => {
    expect(normalize("coupon.deleted", { ...fixture("coupon"), deleted: true })).toEqual({ events: [{ type: "discount_deleted", discountExternalId: "Z4OV52SU" }] });
  });
});

describe("Stripe normalize is deterministic", () => {
  it.each<[string, Json]>([
    ["checkout.session.completed", { ...fixture("checkout.session"), payment_status: "paid", amount_total: 5_000, currency: "usd", client_reference_id: "AVA" }],
    ["invoice.paid", { ...fixture("invoice"), billing_reason: "subscription_cycle", status: "paid", amount_paid: 1_000 }],
    ["charge.refunded", { ...fixture("charge"), payment_intent: "pi_1", amount_refunded: 100 }],
    ["promotion_code.updated", fixture("promotion_code")],
  ])("gives the same output twice for %s, also after the payload's round trip through storage", (type, object) => {
    const delivery = deliver(type, object);
    const first = stripeConnector.normalize(delivery);
    expect(stripeConnector.normalize(delivery)).toEqual(first);
    expect(stripeConnector.normalize(JSON.parse(JSON.stringify(delivery)) as VerifiedDelivery)).toEqual(first);
    expect("events" in first).toBe(true);
  });
});

const contractEvent = (type: string, object: unknown, id: string, created = CREATED) => ({ body: JSON.stringify(stripeEvent(type, object, { id, created })) });
const storyInvoice = { ...stripeInvoice("in_story", { customer: "cus_story", email: "story@example.com", total: 10_000, reason: "subscription_create" }), status_transitions: { paid_at: CREATED } };
const storyCharge = {
  ...fixture("charge"),
  id: "ch_story",
  payment_intent: null,
  invoice: "in_story",
  currency: "usd",
  amount_refunded: 2_500,
  refunds: { object: "list", data: [{ id: "re_story", amount: 2_500, status: "succeeded", created: CREATED + 60 }] },
};

connectorContract("Stripe", {
  connector: stripeConnector,
  secret: SECRET,
  sign: (d, secret, timestamp) => ({ "Stripe-Signature": signStripePayload(d.body, secret, timestamp) }),
  signatureHeaders: ["Stripe-Signature"],
  toleranceSeconds: 300,
  sample: { ...contractEvent("invoice.paid", storyInvoice, "evt_sample"), externalId: "evt_sample", topic: "invoice.paid" },
  fixtures: [
    {
      name: "invoice.paid of a first subscription invoice",
      delivery: contractEvent("invoice.paid", { ...storyInvoice, metadata: { referral: "AVA" } }, "evt_f1"),
      expected: {
        events: [{
          type: "sale", externalId: "in_story", kind: "sale", amount: 10_000, currency: "USD", tax: 0, paidAmount: 10_000,
          subscriptionExternalId: "subscription", occurredAt: CREATED_ISO,
          customer: { provider: "stripe", externalId: "cus_story", email: "story@example.com" },
          evidence: { couponCodes: [], referralKey: "AVA", referralKeySource: "metadata" }, lines: [],
        }],
      },
    },
    {
      name: "charge.refunded of an older-API charge naming its invoice",
      delivery: contractEvent("charge.refunded", storyCharge, "evt_f2"),
      expected: { events: [{ type: "refund", externalId: "re_story", refundsExternalId: "in_story", amount: 2_500, currency: "USD", occurredAt: iso(CREATED + 60) }] },
    },
    { name: "coupon.deleted", delivery: contractEvent("coupon.deleted", fixture("coupon"), "evt_f3"), expected: { events: [{ type: "discount_deleted", discountExternalId: String(fixture("coupon").id) }] } },
  ],
  story: {
    deliveries: [
      contractEvent("customer.created", { ...fixture("customer"), id: "cus_story", email: "story@example.com", metadata: { referral: "AVA" } }, "evt_story_1", CREATED - 3_600),
      contractEvent("invoice.paid", storyInvoice, "evt_story_2"),
      contractEvent("charge.refunded", storyCharge, "evt_story_3", CREATED + 60),
    ],
    expected: {
      in_story: { type: "sale", amount: 10_000, credited: true, commissions: [1_000], reversals: [] },
      re_story: { type: "refund", amount: 2_500, credited: true, commissions: [], reversals: [250] },
    },
  },
});
