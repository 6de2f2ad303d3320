import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { chargebeeConnector } from "../../connectors/chargebee/connector";
import { WebhookVerificationError } from "../../connectors/types";
import { chargebeeBasicAuth, chargebeeEvent } from "../helpers/chargebee-auth";
import { connectorContract, type ContractDelivery } from "./contract";

type Json = Record<string, unknown>;
const SECRET = "chargebee-hook:s3cret-Pa55word";
const legacyBody = readFileSync(new URL("../../../shared/fixtures/chargebee/payment_succeeded.legacy2012.json", import.meta.url), "utf8");
const delivery = (type: string, content: Json, id: string, occurredAt = 1_796_000_000): ContractDelivery => ({
  body: JSON.stringify(chargebeeEvent(type, content, { id, occurred_at: occurredAt })),
});
const iso = (unixSeconds: number) => new Date(unixSeconds * 1000).toISOString();

/** API v2 objects, with the fields Chargebee documents for them. */
const customer = (id: string, extra: Json = {}) => ({ id, email: `${id}@example.com`, first_name: "Mia", last_name: "Lind", object: "customer", ...extra });
const subscription = (id: string, customerId: string, extra: Json = {}) => ({ id, customer_id: customerId, status: "active", object: "subscription", ...extra });
const invoice = (id: string, customerId: string, total: number, extra: Json = {}) => ({
  id, customer_id: customerId, subscription_id: "sub_1", recurring: true, first_invoice: true, status: "paid", currency_code: "EUR",
  total, sub_total: total, tax: 0, amount_paid: total, paid_at: 1_796_000_100, object: "invoice", ...extra,
});
const payment = (id: string, amount: number, extra: Json = {}) => ({ id, type: "payment", status: "success", amount, currency_code: "EUR", date: 1_796_000_100, object: "transaction", ...extra });
const refund = (id: string, amount: number, extra: Json = {}) => payment(id, amount, { type: "refund", date: 1_796_000_500, ...extra });

const mia = { provider: "chargebee", externalId: "cus_mia", email: "cus_mia@example.com", name: "Mia Lind" };

connectorContract("Chargebee", {
  connector: chargebeeConnector,
  secret: SECRET,
  config: { currency: "USD" },
  sign: (_d, secret) => ({ Authorization: chargebeeBasicAuth(secret) }),
  signatureHeaders: ["Authorization"],
  bodySigned: false,
  sample: { body: legacyBody, externalId: "ev_HoR7OrcNacEsxgT", topic: "payment_succeeded" },
  fixtures: [
    {
      name: "payment_succeeded from chargebee-go (API v1, no currency: the connection's)",
      delivery: { body: legacyBody },
      expected: {
        events: [{
          type: "sale", externalId: "3", kind: "sale", amount: 900, currency: "USD", tax: 0, occurredAt: iso(1_339_951_249),
          customer: { provider: "chargebee", externalId: "8avPlNabxST86", email: "rr@chargebee.com" }, evidence: { couponCodes: [] }, lines: [],
        }],
      },
    },
    {
      name: "a first payment with a coupon code, cf_referral and tax",
      delivery: delivery("payment_succeeded", {
        transaction: payment("txn_1", 11_900),
        invoice: invoice("inv_1", "cus_mia", 11_900, { tax: 1_900, discounts: [{ entity_type: "document_level_coupon", entity_id: "SPRING", amount: 500 }] }),
        customer: customer("cus_mia"),
        subscription: subscription("sub_1", "cus_mia", { cf_referral: "AVA", coupons: [{ coupon_id: "AVA_SET", coupon_code: "AVA-7KQ2" }] }),
      }, "ev_1"),
      expected: {
        events: [{
          type: "sale", externalId: "inv_1", kind: "sale", amount: 10_000, currency: "EUR", tax: 1_900, occurredAt: iso(1_796_000_100), customer: mia,
          evidence: { couponCodes: ["AVA-7KQ2", "SPRING"], referralKey: "AVA", referralKeySource: "cf_referral" }, lines: [],
        }],
      },
    },
    {
      name: "a renewal with meta_data.referral on the customer",
      delivery: delivery("payment_succeeded", {
        transaction: payment("txn_2", 4_900),
        invoice: invoice("inv_2", "cus_mia", 4_900, { first_invoice: false }),
        customer: customer("cus_mia", { meta_data: { referral: "NOAH" } }),
      }, "ev_2"),
      expected: {
        events: [{
          type: "sale", externalId: "inv_2", kind: "renewal", amount: 4_900, currency: "EUR", tax: 0, occurredAt: iso(1_796_000_100), customer: mia,
          evidence: { couponCodes: [], referralKey: "NOAH", referralKeySource: "meta_data" }, lines: [],
        }],
      },
    },
    {
      name: "payment_refunded with its credit note (tax left out)",
      delivery: delivery("payment_refunded", {
        transaction: refund("txn_r1", 5_950),
        invoice: invoice("inv_1", "cus_mia", 11_900, { tax: 1_900 }),
        credit_note: { id: "CN-1", reference_invoice_id: "inv_1", total: 5_950, tax: 950, object: "credit_note" },
      }, "ev_3"),
      expected: { events: [{ type: "refund", externalId: "txn_r1", refundsExternalId: "inv_1", amount: 5_000, currency: "EUR", occurredAt: iso(1_796_000_500) }] },
    },
    {
      name: "subscription_created with a coupon",
      delivery: delivery("subscription_created", { subscription: subscription("sub_1", "cus_mia", { coupons: [{ coupon_id: "AVA10" }] }), customer: customer("cus_mia") }, "ev_4"),
      expected: { events: [{ type: "customer", customer: mia, evidence: { couponCodes: ["AVA10"] }, occurredAt: iso(1_796_000_000) }] },
    },
    {
      name: "subscription_created without evidence",
      delivery: delivery("subscription_created", { subscription: subscription("sub_1", "cus_mia"), customer: customer("cus_mia") }, "ev_5"),
      expected: { ignored: "subscription carries neither a referral nor a coupon" },
    },
    {
      name: "customer_created with cf_referral",
      delivery: delivery("customer_created", { customer: customer("cus_mia", { cf_referral: "AVA" }) }, "ev_6"),
      expected: { events: [{ type: "customer", customer: mia, evidence: { couponCodes: [], referralKey: "AVA", referralKeySource: "cf_referral" }, occurredAt: iso(1_796_000_000) }] },
    },
    {
      name: "subscription_cancelled",
      delivery: delivery("subscription_cancelled", { subscription: subscription("sub_1", "cus_mia"), customer: customer("cus_mia") }, "ev_7"),
      expected: { ignored: "subscription cancelled; commissions earned stay, renewals stop arriving" },
    },
    { name: "an event type not used", delivery: delivery("invoice_generated", { invoice: invoice("inv_3", "cus_mia", 100) }, "ev_8"), expected: { ignored: "chargebee event invoice_generated is not used" } },
  ],
  story: {
    deliveries: [
      delivery("customer_created", { customer: customer("cus_story", { cf_referral: "AVA" }) }, "ev_story_1", 1_796_000_000),
      delivery("payment_succeeded", { transaction: payment("txn_story", 10_000, { currency_code: "USD" }), invoice: invoice("inv_story", "cus_story", 10_000, { currency_code: "USD" }), customer: customer("cus_story") }, "ev_story_2"),
      delivery("payment_refunded", { transaction: refund("txn_story_refund", 2_500, { currency_code: "USD" }), invoice: invoice("inv_story", "cus_story", 10_000, { currency_code: "USD" }) }, "ev_story_3"),
    ],
    expected: {
      inv_story: { type: "sale", amount: 10_000, credited: true, commissions: [1_000], reversals: [] },
      txn_story_refund: { type: "refund", amount: 2_500, credited: true, commissions: [], reversals: [250] },
    },
  },
});

describe("Chargebee Basic auth", () => {
  const verify = (authorization: string | null) =>
    chargebeeConnector.verify(legacyBody, new Headers(authorization === null ? {} : { Authorization: authorization }), SECRET);

  it.each([
    ["the right username with a wrong password", chargebeeBasicAuth("chargebee-hook:wrong")],
    ["the password alone", chargebeeBasicAuth("s3cret-Pa55word")],
    ["a Bearer token", `Bearer ${Buffer.from(SECRET).toString("base64")}`],
    ["a Basic header that is not base64", "Basic ???"],
    ["no Authorization", null],
  ])("rejects %s", (_name, authorization) => {
    expect(() => verify(authorization)).toThrow(WebhookVerificationError);
  });

  it("accepts any casing of the scheme name", () => {
    expect(verify(`basic ${Buffer.from(SECRET).toString("base64")}`).externalId).toBe("ev_HoR7OrcNacEsxgT");
  });

  it("ignores a payment without any currency when the connection names none", () => {
    const delivery = verify(chargebeeBasicAuth(SECRET));
    expect(chargebeeConnector.normalize(delivery, { config: {} })).toEqual({ ignored: "payment names no currency_code; set the connection's currency" });
  });

  it("throws on a payment it cannot read, so the worker retries and then shows it to the merchant", () => {
    const body = JSON.stringify(chargebeeEvent("payment_succeeded", { transaction: { id: "txn", amount: "12.00" } }));
    expect(() => chargebeeConnector.normalize(chargebeeConnector.verify(body, new Headers({ Authorization: chargebeeBasicAuth(SECRET) }), SECRET))).toThrow();
  });
});
