import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { shopifyConnector } from "../../connectors/shopify/connector";
import { parseJsonKeepingBigIds, quoteBigIntegers } from "../../connectors/shopify/parse-json";
import { WebhookPayloadError, WebhookVerificationError } from "../../connectors/types";
import { normalizedEventSchema } from "../../domain/ingest/normalized-event";
import { orderId, shopifyOrderBody, shopifyRefundBody } from "../helpers/ingest-fixtures";
import { shopifyWebhookHeaders } from "../helpers/shopify-signer";
import { connectorContract } from "./contract";

const SECRET = "shpss_test_secret";
const fixture = (name: string) => readFileSync(new URL(`../../../shared/fixtures/shopify/${name}.json`, import.meta.url), "utf8");
const deliver = (topic: string, body: string, eventId = "evt-1") =>
  shopifyConnector.verify(body, new Headers(shopifyWebhookHeaders({ topic, shop: "x.myshopify.com", body, secret: SECRET, eventId })), SECRET);
const normalize = (topic: string, body: string) => {
  const result = shopifyConnector.normalize(deliver(topic, body));
  if ("events" in result) for (const event of result.events) normalizedEventSchema.parse(event);
  return result;
};

describe("Shopify verify", () => {
  it("accepts the HMAC Shopify computes and dedupes on the event id, else the webhook id", () => {
    const body = fixture("orders_paid");
    expect(deliver("orders/paid", body, "evt-42")).toMatchObject({ externalId: "evt-42", topic: "orders/paid" });
    const headers = new Headers(shopifyWebhookHeaders({ topic: "orders/paid", shop: "x.myshopify.com", body, secret: SECRET, webhookId: "wh-7" }));
    expect(shopifyConnector.verify(body, headers, SECRET).externalId).toBe("wh-7");
  });

  it.each([
    ["a forged HMAC", (h: Headers) => h.set("X-Shopify-Hmac-Sha256", Buffer.from("forged").toString("base64")), WebhookVerificationError],
    ["a missing HMAC", (h: Headers) => h.delete("X-Shopify-Hmac-Sha256"), WebhookVerificationError],
    ["a missing topic", (h: Headers) => h.delete("X-Shopify-Topic"), WebhookPayloadError],
  ])("rejects %s", (_name, mutate, error) => {
    const body = fixture("orders_paid");
    const headers = new Headers(shopifyWebhookHeaders({ topic: "orders/paid", shop: "x.myshopify.com", body, secret: SECRET, eventId: "e" }));
    mutate(headers);
    expect(() => shopifyConnector.verify(body, headers, SECRET)).toThrow(error);
  });

  it("rejects a signed body that is not JSON", () => {
    expect(() => deliver("orders/paid", "{nope")).toThrow(WebhookPayloadError);
  });

  it("keeps ids beyond 2^53 exact and other numbers as numbers", () => {
    expect(parseJsonKeepingBigIds('{"id": 820982911946154508, "n": 12, "price": 19.99, "ids": [9007199254740993]}')).toEqual({
      id: "820982911946154508",
      n: 12,
      price: 19.99,
      ids: ["9007199254740993"],
    });
  });

  // JSON text with long integers, numbers whose fraction or exponent has 16+ digits, and strings that hold such digits.
  const space = fc.constantFrom("", " ", "\n  ");
  const jsonText: fc.Arbitrary<string> = fc.letrec((tie) => ({
    value: fc.oneof(
      { depthSize: "small" },
      fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }).map(String),
      fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => JSON.stringify(n)),
      fc.constantFrom("1.12345678901234567890", "12345678901234567890.5", "1e+12345678901234567", "-12345678901234567890e-2", "9007199254740991", "-9007199254740993"),
      fc.oneof(fc.string(), fc.bigInt().map((n) => `x":${n},"`), fc.bigInt().map(String)).map((s) => JSON.stringify(s)),
      fc.constantFrom("true", "false", "null"),
      fc.array(fc.tuple(space, tie("value"), space), { maxLength: 4 }).map((items) => `[${items.map((i) => i.join("")).join(",")}]`),
      fc.array(fc.tuple(fc.string(), space, tie("value")), { maxLength: 4 }).map((entries) => `{${entries.map(([k, s, v]) => `${JSON.stringify(k)}${s}:${s}${v}`).join(",")}}`),
    ),
  })).value;

  it("quotes integers beyond 2^53 in JSON text exactly as parseJsonKeepingBigIds reads them", () => {
    expect(quoteBigIntegers('{"id": 820982911946154508, "n": 12, "s": "820982911946154508", "e": 1.5e1234567890123456789}')).toBe(
      '{"id": "820982911946154508", "n": 12, "s": "820982911946154508", "e": 1.5e1234567890123456789}',
    );
    fc.assert(
      fc.property(jsonText, (text) => {
        expect(JSON.parse(quoteBigIntegers(text))).toEqual(parseJsonKeepingBigIds(text));
      }),
      { numRuns: 2_000 },
    );
  });
});

describe("Shopify normalize", () => {
  it("turns orders/paid into a sale with exact minor units, evidence and lines", () => {
    const result = normalize("orders/paid", shopifyOrderBody(1, { ref: "AVA", code: "AVA10", subtotal: "414.95" }));
    expect(result).toMatchObject({
      events: [
        {
          type: "sale",
          externalId: orderId(1),
          kind: "sale",
          amount: 41_495,
          currency: "USD",
          customer: { provider: "shopify", externalId: "7001", email: "buyer1@example.com" },
          evidence: { couponCodes: ["AVA10"], referralKey: "AVA", referralKeySource: "note_attribute", clickedAt: expect.any(String) },
        },
      ],
    });
  });

  it.each([
    ["subscription_contract", "renewal"],
    ["subscription_contract_checkout_one", "renewal"],
    ["web", "sale"],
  ])("source_name %s is a %s", (sourceName, kind) => {
    const result = normalize("orders/paid", shopifyOrderBody(2, { sourceName }));
    expect("events" in result && result.events[0]).toMatchObject({ kind });
  });

  it("reads the landing site and JPY amounts", () => {
    const order = JSON.parse(fixture("orders_paid"));
    Object.assign(order, { financial_status: "paid", line_items: [], landing_site: "/products/x?ref=NOAH", current_subtotal_price_set: { shop_money: { amount: "1000", currency_code: "JPY" } } });
    expect(normalize("orders/paid", JSON.stringify(order))).toMatchObject({ events: [{ amount: 1000, currency: "JPY", evidence: { landingUrl: "/products/x?ref=NOAH" } }] });
  });

  it("counts orders/create only when already paid", () => {
    expect(normalize("orders/create", fixture("orders_create"))).toEqual({ ignored: "order not paid yet; counted on orders/paid" });
    expect(normalize("orders/create", shopifyOrderBody(3))).toMatchObject({ events: [{ type: "sale", externalId: orderId(3) }] });
  });

  it("sums refunded line subtotals and links the refund to its order exactly", () => {
    expect(normalize("refunds/create", shopifyRefundBody(4, 1, "25.50"))).toMatchObject({
      events: [{ type: "refund", refundsExternalId: orderId(4), amount: 2_550, currency: "USD" }],
    });
  });

  it("normalizes cancellations, customers, discounts, the app lifecycle and GDPR topics", () => {
    expect(normalize("orders/cancelled", fixture("orders_cancelled"))).toMatchObject({ events: [{ type: "cancellation", saleExternalId: "820982911946154508" }] });
    const customer = JSON.parse(fixture("customers_create"));
    customer.tags = "vip, affiliate:AVA";
    expect(normalize("customers/create", JSON.stringify(customer))).toMatchObject({
      events: [{ type: "customer", customer: { provider: "shopify", externalId: "706405506930370084" }, evidence: { referralKey: "AVA", referralKeySource: "customer_tag" } }],
    });
    expect(normalize("discounts/create", fixture("discounts_create"))).toMatchObject({ events: [{ type: "coupon_code" }] });
    expect(normalize("discounts/delete", JSON.stringify({ admin_graphql_api_id: "gid://shopify/DiscountCodeNode/1" }))).toEqual({
      events: [{ type: "discount_deleted", discountExternalId: "gid://shopify/DiscountCodeNode/1" }],
    });
    expect(normalize("app/uninstalled", fixture("app_uninstalled"))).toEqual({ events: [{ type: "shop_uninstalled" }] });
    expect(normalize("shop/redact", fixture("shop_redact"))).toEqual({ events: [{ type: "shop_redact" }] });
    expect(normalize("customers/redact", fixture("customers_redact"))).toMatchObject({ events: [{ type: "customer_redact", customer: { provider: "shopify" } }] });
    expect(normalize("customers/data_request", fixture("customers_data_request"))).toMatchObject({ events: [{ type: "customer_data_request" }] });
    expect(normalize("orders/fulfilled", fixture("orders_fulfilled"))).toEqual({ ignored: "shopify topic orders/fulfilled is not used" });
  });

  it("is deterministic", () => {
    const body = shopifyOrderBody(5, { ref: "AVA" });
    expect(normalize("orders/paid", body)).toEqual(normalize("orders/paid", body));
  });
});

const contractSignup = () => {
  const signup = JSON.parse(fixture("customers_create"));
  Object.assign(signup, { admin_graphql_api_id: "gid://shopify/Customer/7011", email: "story@example.com", tags: "affiliate:AVA", created_at: "2020-01-01T00:00:00Z", updated_at: "2020-01-01T00:00:00Z" });
  return JSON.stringify(signup);
};

connectorContract("Shopify", {
  connector: shopifyConnector,
  secret: SECRET,
  sign: (d, secret) => shopifyWebhookHeaders({ topic: d.topic ?? "orders/paid", shop: "x.myshopify.com", body: d.body, secret, eventId: d.id ?? "evt-sample" }),
  signatureHeaders: ["X-Shopify-Hmac-Sha256"],
  sample: { body: fixture("orders_paid"), topic: "orders/paid", id: "evt-sample", externalId: "evt-sample", payload: parseJsonKeepingBigIds(fixture("orders_paid")) },
  fixtures: [
    {
      name: "orders/cancelled",
      delivery: { body: fixture("orders_cancelled"), topic: "orders/cancelled" },
      expected: { events: [{ type: "cancellation", saleExternalId: "820982911946154508", occurredAt: "2022-01-01T00:00:00.000Z" }] },
    },
    {
      name: "customers/create",
      delivery: { body: fixture("customers_create"), topic: "customers/create" },
      expected: {
        events: [{
          type: "customer",
          customer: { provider: "shopify", externalId: "706405506930370084", email: "bob@biller.com", name: "Bob Biller" },
          evidence: { couponCodes: [] },
          occurredAt: "2022-01-01T00:00:00.000Z",
        }],
      },
    },
    { name: "app/uninstalled", delivery: { body: fixture("app_uninstalled"), topic: "app/uninstalled" }, expected: { events: [{ type: "shop_uninstalled" }] } },
  ],
  story: {
    deliveries: [
      { body: contractSignup(), topic: "customers/create", id: "story-signup" },
      { body: shopifyOrderBody(11, { subtotal: "100.00", email: "story@example.com", customer: 11 }), topic: "orders/paid", id: "story-paid" },
      { body: shopifyRefundBody(11, 1, "25.00"), topic: "refunds/create", id: "story-refund" },
    ],
    expected: {
      [orderId(11)]: { type: "sale", amount: 10_000, credited: true, commissions: [1_000], reversals: [] },
      [`${orderId(11)}1`]: { type: "refund", amount: 2_500, credited: true, commissions: [], reversals: [250] },
    },
  },
});
