import { describe, expect, it } from "vitest";
import { applyMapping } from "../../connectors/generic/apply-mapping";
import { genericConfigSchema, type GenericMapping } from "../../connectors/generic/config";
import { genericConnector } from "../../connectors/generic/connector";
import { JsonPathError, parseJsonPath, readJsonPath } from "../../connectors/generic/json-path";
import { WebhookVerificationError } from "../../connectors/types";
import { headerHmac, standardWebhooksHeaders, standardWebhooksSecret } from "../helpers/standard-webhooks-signer";
import { connectorContract, type ContractDelivery } from "./contract";

const SECRET = standardWebhooksSecret();
const mapping = (value: unknown) => genericConfigSchema.parse({ mapping: value }).mapping!;

/** An imaginary checkout that POSTs its paid orders. */
const checkoutMapping = {
  kind: "transaction",
  event_type: "$.event",
  fields: {
    transaction_id: "$.data.order.id",
    amount: "$.data.order.total",
    currency: "$.data.order.currency",
    tax: "$.data.order.tax",
    kind: "$.data.order.billing",
    customer_id: "$.data.order.buyer.id",
    email: "$.data.order.buyer.email",
    name: "$.data.order.buyer['full name']",
    referral: "$.data.order.meta['ref code']",
    coupon: "$.data.order.coupons",
    occurred_at: "$.sent_at",
  },
};
const order = (id: string, options: { total?: string; ref?: string; billing?: string; sentAt?: string; coupons?: string[] } = {}) => ({
  event: "order.paid",
  sent_at: options.sentAt ?? "2026-11-30T10:00:00Z",
  data: {
    order: {
      id, total: options.total ?? "100.00", tax: "19.00", currency: "usd", billing: options.billing ?? "one_time",
      buyer: { id: "b-1", email: "buyer@example.com", "full name": "Ada Byron" }, meta: options.ref ? { "ref code": options.ref } : {}, coupons: options.coupons ?? [],
    },
  },
});
const delivery = (payload: unknown, id: string): ContractDelivery => ({ body: JSON.stringify(payload), id });

connectorContract("Generic (Standard Webhooks, transaction mapping)", {
  connector: genericConnector,
  secret: SECRET,
  config: { signature: { scheme: "standard_webhooks" }, mapping: checkoutMapping },
  sign: (d, secret, timestamp) => standardWebhooksHeaders(d.body, secret, { id: d.id ?? "msg_sample", timestamp }),
  signatureHeaders: ["webhook-signature"],
  toleranceSeconds: 300,
  sample: { body: JSON.stringify(order("ord_1")), id: "msg_sample", externalId: "msg_sample", topic: "order.paid" },
  fixtures: [
    {
      name: "a paid order with a referral code and a coupon",
      delivery: delivery(order("ord_1", { total: "49.90", ref: "AVA", coupons: ["AVA10"] }), "msg_1"),
      expected: {
        events: [{
          type: "sale", externalId: "ord_1", kind: "sale", amount: 4_990, currency: "USD", tax: 1_900, occurredAt: "2026-11-30T10:00:00.000Z",
          customer: { provider: "generic", externalId: "b-1", email: "buyer@example.com", name: "Ada Byron" },
          evidence: { couponCodes: ["AVA10"], referralKey: "AVA", referralKeySource: "mapping" }, lines: [],
        }],
      },
    },
    {
      name: "a recurring order",
      delivery: delivery(order("ord_2", { billing: "recurring", total: "10" }), "msg_2"),
      expected: {
        events: [{
          type: "sale", externalId: "ord_2", kind: "renewal", amount: 1_000, currency: "USD", tax: 1_900, occurredAt: "2026-11-30T10:00:00.000Z",
          customer: { provider: "generic", externalId: "b-1", email: "buyer@example.com", name: "Ada Byron" }, evidence: { couponCodes: [] }, lines: [],
        }],
      },
    },
    { name: "an order without its id", delivery: delivery({ ...order("x"), data: { order: { total: "1.00", currency: "usd" } } }, "msg_3"), expected: { ignored: "mapping: transaction_id ($.data.order.id) is missing from the payload" } },
    { name: "an amount with more decimals than the currency has", delivery: delivery(order("ord_4", { total: "10.999" }), "msg_4"), expected: { ignored: 'mapping: amount ($.data.order.total) is "10.999", not an amount in USD' } },
  ],
  story: {
    deliveries: [
      delivery(order("ord_story_1", { ref: "AVA", total: "100.00", sentAt: "2026-11-30T10:00:00Z" }), "msg_story_1"),
      // The sender retried with a new message id: the same order, deduplicated by its transaction id.
      delivery(order("ord_story_1", { ref: "AVA", total: "100.00", sentAt: "2026-11-30T10:00:00Z" }), "msg_story_1_retry"),
      delivery(order("ord_story_2", { billing: "recurring", total: "50.00", sentAt: "2026-11-30T11:00:00Z" }), "msg_story_2"),
    ],
    expected: {
      ord_story_1: { type: "sale", amount: 10_000, credited: true, commissions: [1_000], reversals: [] },
      ord_story_2: { type: "renewal", amount: 5_000, credited: true, commissions: [500], reversals: [] },
    },
  },
});

describe("JSON-path subset", () => {
  const document = { a: { b: [{ c: 1 }, { "x y": "spaced", "it's": "quoted" }] }, list: ["first"] };

  it.each<[string, unknown]>([
    ["$", document],
    ["$.a.b[0].c", 1],
    ["$.a.b[1]['x y']", "spaced"],
    ['$.a.b[1]["x y"]', "spaced"],
    ["$.a.b[1]['it\\'s']", "quoted"],
    ["$.list[0]", "first"],
    ["$.list[5]", undefined],
    ["$.a.missing.deeper", undefined],
    ["$.a.b.length", undefined],
    ["$.list.length", undefined],
  ])("reads %s", (path, expected) => {
    expect(readJsonPath(document, path)).toEqual(expected);
  });

  it("never reaches a prototype", () => {
    expect(readJsonPath({}, "$.__proto__")).toBeUndefined();
    expect(readJsonPath({}, "$.constructor.name")).toBeUndefined();
    expect(readJsonPath({ a: "text" }, "$.a.length")).toBeUndefined();
  });

  it.each(["a.b", "$..a", "$.a[*]", "$.a[?(@.b)]", "$[-1]", "$['open", "$.", "$.a b", "$.a()"])("refuses %s", (path) => {
    expect(() => parseJsonPath(path)).toThrow(JsonPathError);
  });
});

describe("Generic config", () => {
  it("names the field of an invalid JSON path", () => {
    const result = genericConfigSchema.safeParse({ mapping: { ...checkoutMapping, fields: { ...checkoutMapping.fields, email: "$.buyer[*]" } } });
    expect(result.success).toBe(false);
    expect(result.error!.issues[0]).toMatchObject({ path: ["mapping", "fields", "email"] });
  });

  it.each<[string, unknown]>([
    ["an unknown kind", { kind: "invoice", fields: {} }],
    ["a transaction without amount", { kind: "transaction", fields: { transaction_id: "$.id", currency: "USD" } }],
    ["a customer without id or email", { kind: "customer", fields: { name: "$.name" } }],
    ["an unknown field", { kind: "lead", fields: { email: "$.e", partner_key: "$.p", phone: "$.ph" } }],
    ["a constant event id", { kind: "lead", event_id: "always-the-same", fields: { email: "$.e", partner_key: "$.p" } }],
  ])("refuses %s", (_name, value) => {
    expect(genericConfigSchema.safeParse({ mapping: value }).success).toBe(false);
  });
});

describe("Generic verify", () => {
  const body = JSON.stringify({ id: "crm-42", type: "contact.created", email: "lead@example.com" });
  const leadMapping = { kind: "lead", event_id: "$.id", event_type: "$.type", fields: { email: "$.email", partner_key: "AVA" } };

  it("rejects a Standard Webhooks timestamp more than 300 s in the future", () => {
    const headers = new Headers(standardWebhooksHeaders(body, SECRET, { timestamp: Math.floor(Date.now() / 1000) + 301 }));
    expect(() => genericConnector.verify(body, headers, SECRET)).toThrow(WebhookVerificationError);
  });

  it("accepts Svix's header names and one matching signature among several", () => {
    const signed = standardWebhooksHeaders(body, SECRET, { id: "msg_svix" });
    const other = standardWebhooksHeaders(body, standardWebhooksSecret(), { id: "msg_svix", timestamp: Number(signed["webhook-timestamp"]) });
    const headers = new Headers({ "svix-id": "msg_svix", "svix-timestamp": signed["webhook-timestamp"]!, "svix-signature": `${other["webhook-signature"]} ${signed["webhook-signature"]}` });
    expect(genericConnector.verify(body, headers, SECRET).externalId).toBe("msg_svix");
  });

  it.each<[string, { algorithm?: "sha256" | "sha1" | "sha512"; encoding?: "hex" | "base64"; prefix?: string }]>([
    ["hex sha256 with a prefix", { prefix: "sha256=" }],
    ["base64 sha512", { algorithm: "sha512", encoding: "base64" }],
    ["hex sha1", { algorithm: "sha1" }],
  ])("verifies a merchant-named HMAC header: %s, deduplicating on the mapped event id", (_name, options) => {
    const config = { signature: { scheme: "hmac", header: "X-CRM-Signature", ...options }, mapping: leadMapping };
    const secret = "crm-shared-secret";
    const headers = new Headers({ "X-CRM-Signature": headerHmac(body, secret, options) });
    expect(genericConnector.verify(body, headers, secret, { config })).toEqual({ externalId: "crm-42", topic: "contact.created", payload: JSON.parse(body) });
    const forged = new Headers({ "X-CRM-Signature": headerHmac(body, "another-secret", options) });
    expect(() => genericConnector.verify(body, forged, secret, { config })).toThrow(WebhookVerificationError);
    expect(() => genericConnector.verify(body, new Headers(), secret, { config })).toThrow(/X-CRM-Signature is missing/);
  });

  it("keys a delivery without a message id or mapped event id by the hash of its body", () => {
    const config = { signature: { scheme: "hmac", header: "X-Sig" } };
    const headers = new Headers({ "X-Sig": headerHmac(body, "s3cret-key") });
    expect(genericConnector.verify(body, headers, "s3cret-key", { config })).toMatchObject({ externalId: expect.stringMatching(/^sha256:[0-9a-f]{64}$/), topic: "webhook" });
  });
});

describe("Generic mappings", () => {
  const at = new Date("2026-11-30T12:00:00.000Z");

  it("is ignored until the merchant sets a mapping", () => {
    expect(genericConnector.normalize({ externalId: "m", topic: "webhook", payload: {} }, { config: {} })).toEqual({ ignored: "no mapping is set for this connection (PATCH /api/v1/connections/:id)" });
  });

  it("maps a newsletter subscriber to a signup in the named program, else the newsletter program, dated on arrival", () => {
    const subscriber = { subscriber: { email: "reader@example.com", fields: { ref: "AVA" } } };
    const fields = { email: "$.subscriber.email", referral: "$.subscriber.fields.ref" };
    expect(applyMapping(mapping({ kind: "newsletter_subscriber", fields }), subscriber, at)).toEqual({
      events: [{ type: "customer", customer: { provider: "generic", email: "reader@example.com" }, evidence: { couponCodes: [], referralKey: "AVA", referralKeySource: "mapping" }, occurredAt: at.toISOString(), program: { type: "newsletter" } }],
    });
    const programId = "0b9c1a38-1b67-4b4a-9d7e-5f3f1f7a8c11";
    expect(applyMapping(mapping({ kind: "newsletter_subscriber", program_id: programId, fields }), subscriber, at)).toMatchObject({ events: [{ program: { id: programId } }] });
  });

  it("maps a CRM contact to a lead with a constant partner key and unix-seconds time", () => {
    const contact = { properties: { email: { value: "deal@example.com" }, firstname: { value: "Noor" } }, createdAt: 1_796_000_000 };
    const leadMapping = mapping({ kind: "lead", fields: { email: "$.properties.email.value", name: "$.properties.firstname.value", partner_key: "AVA", occurred_at: "$.createdAt" } });
    expect(applyMapping(leadMapping, contact)).toEqual({ events: [{ type: "lead", email: "deal@example.com", name: "Noor", partnerKey: "AVA", occurredAt: new Date(1_796_000_000_000).toISOString() }] });
  });

  it.each<[string, GenericMapping["kind"], Record<string, string>, unknown, string]>([
    ["minor units from a number", "transaction", { amount: "$.cents" }, { cents: 4990 }, "4990"],
    ["a decimal JSON number", "transaction", { amount: "$.price" }, { price: 49.9 }, "4990"],
    ["yen without decimals", "transaction", { amount: "$.price", currency: "JPY" }, { price: "4990" }, "4990"],
  ])("reads money exactly: %s", (_name, kind, fields, payload, expected) => {
    const format = "cents" in (payload as object) ? "minor" : "decimal";
    const result = applyMapping(mapping({ kind, amount_format: format, fields: { transaction_id: "T-1", currency: "USD", ...fields } }), payload, at);
    expect(result).toMatchObject({ events: [{ amount: Number(expected) }] });
  });

  it.each<[string, Record<string, unknown>, unknown, string]>([
    ["a negative amount", {}, { total: "-5.00" }, "mapping: amount ($.total) must be a positive amount"],
    ["a currency that is no code", { currency: "$.cur" }, { total: "5.00", cur: "dollars" }, 'mapping: currency ($.cur) is "DOLLARS", not a three-letter ISO 4217 code'],
    ["an object where a value belongs", { email: "$.buyer" }, { total: "5.00", buyer: { email: "x@example.com" } }, "mapping: email ($.buyer) is an object, not a value"],
    ["a time that is no time", { occurred_at: "$.when" }, { total: "5.00", when: "yesterday" }, "mapping: occurred_at ($.when) is not a time"],
  ])("explains %s", (_name, fields, payload, reason) => {
    const result = applyMapping(mapping({ kind: "transaction", fields: { transaction_id: "T-1", amount: "$.total", currency: "USD", ...fields } }), payload, at);
    expect(result).toEqual({ ignored: reason });
  });
});
