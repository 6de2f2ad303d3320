import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { stripeConnector } from "../../connectors/stripe/connector";
import { WebhookPayloadError, WebhookVerificationError } from "../../connectors/types";
import { normalizedEventSchema } from "../../domain/ingest/normalized-event";
import { signStripePayload, stripeEvent } from "../helpers/stripe-signer";

const SECRET = "whsec_test_connector";
const object = (name: string) => JSON.parse(readFileSync(new URL(`../../../shared/fixtures/stripe/objects/${name}.json`, import.meta.url), "utf8"));
const headers = (signature: string | null) => new Headers(signature ? { "stripe-signature": signature } : {});
const normalize = (type: string, body: unknown) => {
  const raw = JSON.stringify(stripeEvent(type, body, { id: "evt_1", created: 1_800_000_000 }));
  const result = stripeConnector.normalize(stripeConnector.verify(raw, headers(signStripePayload(raw, SECRET)), SECRET));
  if ("events" in result) for (const event of result.events) normalizedEventSchema.parse(event);
  return result;
};

describe("Stripe verify (stripe SDK, signatures computed independently)", () => {
  const raw = JSON.stringify(stripeEvent("invoice.paid", object("invoice"), { id: "evt_verify" }));

  it("accepts a valid signature, also when one of several v1 values matches", () => {
    expect(stripeConnector.verify(raw, headers(signStripePayload(raw, SECRET)), SECRET)).toMatchObject({ externalId: "evt_verify", topic: "invoice.paid" });
    const t = Math.floor(Date.now() / 1000);
    const rolled = `${signStripePayload(raw, "whsec_old", t)},v1=${signStripePayload(raw, SECRET, t).split("v1=")[1]}`;
    expect(stripeConnector.verify(raw, headers(rolled), SECRET).externalId).toBe("evt_verify");
  });

  it.each([
    ["a forged signature", () => signStripePayload(raw, "whsec_forged")],
    ["a timestamp 301 s old", () => signStripePayload(raw, SECRET, Math.floor(Date.now() / 1000) - 301)],
    ["no signature", () => null],
  ])("rejects %s", (_name, sign) => {
    expect(() => stripeConnector.verify(raw, headers(sign()), SECRET)).toThrow(WebhookVerificationError);
  });

  it("does not put the secret in its error", () => {
    expect(() => stripeConnector.verify(raw, headers(signStripePayload(raw, "whsec_x")), SECRET)).toThrow(expect.objectContaining({ message: expect.not.stringContaining(SECRET) }));
  });

  it("rejects a validly signed body that is not JSON", () => {
    expect(() => stripeConnector.verify("{nope", headers(signStripePayload("{nope", SECRET)), SECRET)).toThrow(WebhookPayloadError);
  });
});

describe("Stripe normalize", () => {
  it("turns a paid one-off checkout into a sale without tax and shipping, keyed by its payment intent", () => {
    const session = { ...object("checkout.session"), mode: "payment", payment_status: "paid", payment_intent: "pi_1", customer: "cus_1", client_reference_id: "AVA", amount_total: 12_000, currency: "eur", total_details: { amount_tax: 1_500, amount_shipping: 500, amount_discount: 0 } };
    expect(normalize("checkout.session.completed", session)).toMatchObject({
      events: [{ type: "sale", externalId: "pi_1", kind: "sale", amount: 10_000, currency: "EUR", customer: { externalId: "cus_1" }, evidence: { referralKey: "AVA", referralKeySource: "client_reference_id" } }],
    });
  });

  it("lets a subscription checkout bind the customer only: its money arrives as the invoice", () => {
    const session = { ...object("checkout.session"), mode: "subscription", payment_status: "paid", customer: "cus_2", client_reference_id: null, metadata: { referral: "NOAH" } };
    expect(normalize("checkout.session.completed", session)).toMatchObject({ events: [{ type: "customer", customer: { externalId: "cus_2" }, evidence: { referralKey: "NOAH", referralKeySource: "metadata" } }] });
  });

  it.each([
    ["subscription_create", "sale"],
    ["subscription_cycle", "renewal"],
    ["manual", "sale"],
  ])("reads billing_reason %s as a %s, excluding tax", (reason, kind) => {
    const invoice = { ...object("invoice"), id: "in_1", billing_reason: reason, customer: "cus_3", total: 1_190, total_excluding_tax: 1_000, parent: { subscription_details: { metadata: { referral: "AVA" } } } };
    expect(normalize("invoice.paid", invoice)).toMatchObject({ events: [{ type: "sale", externalId: "in_1", kind, amount: 1_000, evidence: { referralKey: "AVA" } }] });
  });

  it("ignores a zero invoice (trial)", () => {
    expect(normalize("invoice.paid", { ...object("invoice"), total: 0, total_excluding_tax: 0 })).toEqual({ ignored: "invoice of zero (trial or full discount)" });
  });

  it("links each refund of a charge to its payment intent", () => {
    const charge = { ...object("charge"), payment_intent: "pi_1", currency: "eur", amount_refunded: 3_000, refunds: { object: "list", data: [{ id: "re_1", amount: 1_000, created: 1_800_000_100 }, { id: "re_2", amount: 2_000, created: 1_800_000_200 }] } };
    expect(normalize("charge.refunded", charge)).toMatchObject({
      events: [
        { type: "refund", externalId: "re_1", refundsExternalId: "pi_1", amount: 1_000, currency: "EUR" },
        { type: "refund", externalId: "re_2", refundsExternalId: "pi_1", amount: 2_000 },
      ],
    });
  });

  it("normalizes customers, subscriptions, promotion codes and coupons", () => {
    expect(normalize("customer.created", { ...object("customer"), id: "cus_9", email: "a@example.com", metadata: { referral: "AVA" } })).toMatchObject({
      events: [{ type: "customer", customer: { externalId: "cus_9", email: "a@example.com" }, evidence: { referralKey: "AVA" } }],
    });
    expect(normalize("customer.subscription.created", { ...object("subscription"), customer: "cus_9", metadata: { referral: "AVA" } })).toMatchObject({ events: [{ type: "customer" }] });
    expect(normalize("customer.subscription.created", { ...object("subscription"), metadata: {} })).toEqual({ ignored: "subscription carries no referral metadata" });
    expect(normalize("promotion_code.created", { ...object("promotion_code"), id: "promo_1", code: "AVA20", active: true, metadata: { partner_key: "AVA" } })).toMatchObject({
      events: [{ type: "coupon_code", code: "AVA20", externalId: "promo_1", active: true, partnerKey: "AVA" }],
    });
    expect(normalize("coupon.deleted", { ...object("coupon"), id: "co_1" })).toEqual({ events: [{ type: "discount_deleted", discountExternalId: "co_1" }] });
    expect(normalize("payout.paid", object("payout"))).toEqual({ ignored: "stripe event payout.paid is not used" });
  });
});
