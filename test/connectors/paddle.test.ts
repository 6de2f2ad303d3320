import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { paddleConnector } from "../../connectors/paddle/connector";
import { WebhookPayloadError, WebhookVerificationError } from "../../connectors/types";
import { paddleEvent, signPaddlePayload } from "../helpers/paddle-signer";
import type { NormalizedEvent } from "../../domain/ingest/normalized-event";
import { connectorContract, type ContractDelivery } from "./contract";

type Json = Record<string, unknown>;
const SECRET = "pdl_ntfset_01test_contract_secret_key";
const raw = (name: string) => readFileSync(new URL(`../../../shared/fixtures/paddle/${name}`, import.meta.url), "utf8");
const data = (name: string, changes: Json = {}): Json => ({ ...JSON.parse(raw(`${name}.data.json`)), ...changes });
const delivery = (type: string, entity: Json, eventId: string, occurredAt = "2024-04-12T10:20:00.123456Z"): ContractDelivery => ({
  body: JSON.stringify(paddleEvent(type, entity, { event_id: eventId, notification_id: `ntf_${eventId}`, occurred_at: occurredAt })),
});
const vectors = JSON.parse(raw("../signing-vectors.json")).paddle_billing_signature;

const customer = { provider: "paddle", externalId: "ctm_01hv6y1jedq4p1n0yqn5ba3ky4" };
const fixtureSale: Extract<NormalizedEvent, { type: "sale" }> = {
  type: "sale",
  externalId: "txn_01hv8wptq8987qeep44cyrewp9",
  kind: "sale",
  amount: 59_900,
  currency: "USD",
  tax: 5_315,
  occurredAt: "2024-04-12T10:18:48.294Z",
  customer,
  evidence: { couponCodes: [] },
  lines: [],
};

/** Story: a referred customer signs up, pays 100.00 (delivered as transaction.paid and transaction.completed), 25.00 is refunded. */
const storyTransaction = (type: string, eventId: string) =>
  delivery(type, data("transaction.completed", {
    id: "txn_story", customer_id: "ctm_story", discount_id: null, custom_data: null, origin: "web",
    details: { totals: { subtotal: "10000", discount: "0", tax: "0", total: "10000", grand_total: "10000", currency_code: "USD" } },
  }), eventId);

connectorContract("Paddle", {
  connector: paddleConnector,
  secret: SECRET,
  sign: (d, secret, timestamp) => ({ "Paddle-Signature": signPaddlePayload(d.body, secret, timestamp) }),
  signatureHeaders: ["Paddle-Signature"],
  toleranceSeconds: 5,
  sample: { body: raw("customer.created.webhook_body.json").trimEnd(), externalId: "evt_01hs0tqfme2xwb2hvwv87p8y3w", topic: "customer.created" },
  fixtures: [
    { name: "transaction.completed (a first payment from the web)", delivery: delivery("transaction.completed", data("transaction.completed"), "evt_c"), expected: { events: [fixtureSale] } },
    { name: "transaction.paid of the same transaction (the same sale key)", delivery: delivery("transaction.paid", data("transaction.paid"), "evt_p"), expected: { events: [fixtureSale] } },
    {
      name: "a renewal carrying custom_data.referral and a discount",
      delivery: delivery("transaction.completed", data("transaction.completed", { origin: "subscription_recurring", custom_data: { referral: "AVA" }, discount_id: "dsc_1" }), "evt_r"),
      expected: { events: [{ ...fixtureSale, kind: "renewal", evidence: { couponCodes: [], discountExternalIds: ["dsc_1"], referralKey: "AVA", referralKeySource: "custom_data" } }] },
    },
    { name: "adjustment.created awaiting approval", delivery: delivery("adjustment.created", data("adjustment.created"), "evt_a1"), expected: { ignored: "refund is pending_approval; reversed once approved" } },
    {
      name: "adjustment.updated once approved (without tax)",
      delivery: delivery("adjustment.updated", data("adjustment.updated", { status: "approved" }), "evt_a2"),
      expected: { events: [{ type: "refund", externalId: "adj_01hvgf2s84dr6reszzg29zbvcm", refundsExternalId: "txn_01hvcc93znj3mpqt1tenkjb04y", amount: 92, currency: "USD", occurredAt: "2024-04-15T08:54:10.646Z" }] },
    },
    {
      name: "an approved chargeback",
      delivery: delivery("adjustment.created", data("adjustment.created", { action: "chargeback", status: "approved" }), "evt_a3"),
      expected: { events: [{ type: "refund", externalId: "adj_01hvgf2s84dr6reszzg29zbvcm", refundsExternalId: "txn_01hvcc93znj3mpqt1tenkjb04y", amount: 92, currency: "USD", occurredAt: "2024-04-15T08:48:20.239Z" }] },
    },
    { name: "a credit adjustment", delivery: delivery("adjustment.created", data("adjustment.created", { action: "credit", status: "approved" }), "evt_a4"), expected: { ignored: "adjustment credit does not reverse a sale" } },
    {
      name: "subscription.created with its discount",
      delivery: delivery("subscription.created", data("subscription.created"), "evt_s"),
      expected: { events: [{ type: "customer", customer, evidence: { couponCodes: [], discountExternalIds: ["dsc_01hv6scyf7qdnzcdq01t2y8dx4"] }, occurredAt: "2024-04-12T10:20:00.123Z" }] },
    },
    { name: "subscription.canceled", delivery: delivery("subscription.canceled", data("subscription.canceled"), "evt_x"), expected: { ignored: "subscription canceled; commissions earned stay, renewals stop arriving" } },
    {
      name: "customer.created (Paddle's own notification body)",
      delivery: { body: raw("customer.created.webhook_body.json").trimEnd() },
      expected: {
        events: [{
          type: "customer",
          customer: { provider: "paddle", externalId: "ctm_01hs0tqf76sxmp7ba5e4mw1sc8", email: "blackhole+verification2@paddle.com", name: "John Doe" },
          evidence: { couponCodes: [] },
          occurredAt: "2024-03-15T10:32:38.286Z",
        }],
      },
    },
    {
      name: "discount.created whose custom_data names a partner",
      delivery: delivery("discount.created", data("discount.created", { custom_data: { partner_key: "AVA" } }), "evt_d"),
      expected: { events: [{ type: "coupon_code", code: "SEWRGPB9WY", externalId: "dsc_01hv6scyf7qdnzcdq01t2y8dx4", discountExternalId: "dsc_01hv6scyf7qdnzcdq01t2y8dx4", active: true, partnerKey: "AVA" }] },
    },
    { name: "transaction.billed (not paid yet)", delivery: delivery("transaction.billed", data("transaction.billed"), "evt_b"), expected: { ignored: "paddle event transaction.billed is not used" } },
  ],
  story: {
    deliveries: [
      delivery("customer.created", data("customer.created", { id: "ctm_story", email: "story@example.com", custom_data: { referral: "AVA" } }), "evt_story_signup", "2024-04-12T10:00:00Z"),
      storyTransaction("transaction.paid", "evt_story_paid"),
      storyTransaction("transaction.completed", "evt_story_completed"),
      delivery("adjustment.updated", data("adjustment.updated", { id: "adj_story", status: "approved", transaction_id: "txn_story", totals: { total: "2500", tax: "0", subtotal: "2500", currency_code: "USD" } }), "evt_story_refund"),
    ],
    expected: {
      adj_story: { type: "refund", amount: 2_500, credited: true, commissions: [], reversals: [250] },
      txn_story: { type: "sale", amount: 10_000, credited: true, commissions: [1_000], reversals: [] },
    },
  },
});

describe("Paddle verify with Paddle's own signing vectors", () => {
  const signed: [string, string][] = vectors.vectors.map((v: { body_file: string; header: string }) => [v.body_file.split(" ")[0]!.replace("paddle/", ""), v.header]);
  it.each(signed)(
    "accepts %s as Paddle signed it",
    (file, header) => {
      const body = raw(file).trimEnd();
      const ts = Number(/ts=(\d+)/.exec(header)![1]);
      const delivery = paddleConnector.verify(body, new Headers({ "Paddle-Signature": header }), vectors.secret, { now: new Date(ts * 1000) });
      expect(delivery.topic).toBe("customer.created");
    },
  );

  it("passes when any h1 matches (secret rotation) and fails with a secret that matches none", () => {
    const vector = vectors.multi_secret_vector;
    const headers = new Headers({ "Paddle-Signature": vector.header });
    const now = { now: new Date(1_696_195_954_000) };
    // The signature holds with the third secret; the body, "hello-world", is then refused as not JSON.
    expect(() => paddleConnector.verify(vector.raw_body, headers, vector.secrets_tried_in_order[2], now)).toThrow(WebhookPayloadError);
    expect(() => paddleConnector.verify(vector.raw_body, headers, vector.secrets_tried_in_order[0], now)).toThrow(WebhookVerificationError);
  });

  it("takes the tolerance from the connection's config", () => {
    const body = raw("customer.created.webhook_body.json").trimEnd();
    const headers = new Headers({ "Paddle-Signature": signPaddlePayload(body, SECRET, 1_800_000_000) });
    const at = (seconds: number) => new Date((1_800_000_000 + seconds) * 1000);
    const config = { signature: { tolerance_seconds: 60 } };
    expect(paddleConnector.verify(body, headers, SECRET, { now: at(60), config }).externalId).toBe("evt_01hs0tqfme2xwb2hvwv87p8y3w");
    expect(() => paddleConnector.verify(body, headers, SECRET, { now: at(61), config })).toThrow(WebhookVerificationError);
    expect(() => paddleConnector.verify(body, headers, SECRET, { now: at(6) })).toThrow(/older than 5 s/);
  });

  it.each([["no ts", `h1=${"a".repeat(64)}`], ["no h1", "ts=1800000000"], ["garbage", "nonsense"]])("rejects a header with %s", (_name, header) => {
    expect(() => paddleConnector.verify("{}", new Headers({ "Paddle-Signature": header }), SECRET)).toThrow(WebhookVerificationError);
  });

  it("refuses config it does not know", () => {
    expect(paddleConnector.configSchema!.safeParse({ signature: { tolerance_seconds: 0 } }).success).toBe(false);
    expect(paddleConnector.configSchema!.safeParse({ mapping: {} }).success).toBe(false);
  });
});
