import { readdirSync, readFileSync } from "node:fs";
import { basename } from "node:path";
import { chargebeeBasicAuth } from "../helpers/chargebee-auth";
import { shopifyOrderBody, shopifyRefundBody, stripeInvoice } from "../helpers/ingest-fixtures";
import { paddleEvent, signPaddlePayload } from "../helpers/paddle-signer";
import { shopifyWebhookHeaders } from "../helpers/shopify-signer";
import { signStripePayload, stripeEvent } from "../helpers/stripe-signer";

type Json = Record<string, unknown>;
export type BillingProvider = "stripe" | "paddle" | "chargebee";

/** The shop whose events are replayed, and a second one for the topics that erase a shop's or a customer's data. */
export const REPLAY_SHOP = "chaos-replay.myshopify.com";
export const ERASED_SHOP = "chaos-erased.myshopify.com";
export const BILLING_SECRETS: Record<BillingProvider, string> = {
  stripe: "whsec_chaos_replay_secret",
  paddle: "pdl_ntfset_chaos_replay_secret",
  chargebee: "hooks:chaos-replay-password",
};

/** One webhook a provider sends: `phase` orders the clean run (what exists before what refers to it). */
export interface FixtureDelivery {
  name: string;
  provider: "shopify" | BillingProvider;
  /** Shopify only: the topic (route /webhooks/<topic>) and the shop it is sent for. */
  topic?: string;
  shop?: string;
  eventId: string;
  body: string;
  phase: number;
}

const FIXTURES = new URL("../../../shared/fixtures/", import.meta.url);
const text = (path: string) => readFileSync(new URL(path, FIXTURES), "utf8");
const json = (path: string): Json => JSON.parse(text(path));
const filesIn = (dir: string) => readdirSync(new URL(dir, FIXTURES)).filter((f) => f.endsWith(".json")).sort();

/** Sales and signups first, then what refers to them (refunds, cancellations), then erasure. */
const phaseOf = (topic: string) =>
  /refund|cancel|adjustment|deleted|dispute|credit_note/.test(topic) ? 2 : /redact|uninstalled|data_request/.test(topic) ? 3 : 1;

/** Longest first: customers_data_request is customers/data_request, app_subscriptions_update app_subscriptions/update. */
const SHOPIFY_RESOURCES = ["app_subscriptions", "customers", "discounts", "orders", "refunds", "shop", "app"];

const shopifyTopic: Record<string, string> = {
  orders: "orders/paid",
  refunds: "refunds/create",
  customers: "customers/update",
  discounts: "discounts/create",
  app_subscriptions: "app_subscriptions/update",
};

function shopifyDeliveries(): FixtureDelivery[] {
  const out: FixtureDelivery[] = [];
  const add = (name: string, topic: string, body: string, shop = REPLAY_SHOP) =>
    out.push({ name, provider: "shopify", topic, shop, eventId: `shopify-${name}`, body, phase: phaseOf(topic) });
  for (const file of filesIn("shopify/")) {
    const name = basename(file, ".json");
    const resource = SHOPIFY_RESOURCES.find((r) => name.startsWith(`${r}_`))!;
    const topic = `${resource}/${name.slice(resource.length + 1)}`;
    const erases = phaseOf(topic) === 3;
    // GDPR samples carry a placeholder shop, app/uninstalled a null one: a real delivery names the shop it is sent for.
    const body = text(`shopify/${file}`).replaceAll("{shop}.myshopify.com", ERASED_SHOP).replace('"myshopify_domain": null', `"myshopify_domain": "${ERASED_SHOP}"`);
    add(name, topic, body, erases ? ERASED_SHOP : REPLAY_SHOP);
  }
  for (const file of filesIn("shopify/exemplars/")) {
    const name = basename(file, ".json");
    add(`exemplar-${name}`, shopifyTopic[name.split("_2")[0]!]!, text(`shopify/exemplars/${file}`));
  }
  // The refund sample names its order by a rounded id (orderId(-8)): this paid order gives it a sale to act on.
  add("paid-refund-sample-order", "orders/paid", shopifyOrderBody(-8, { ref: "NOAH", subtotal: "80.00" }));
  add("paid-order-with-code", "orders/paid", shopifyOrderBody(1, { code: "AVA10", subtotal: "55.55" }));
  add("refund-of-paid-order", "refunds/create", shopifyRefundBody(1, 1, "15.55"));
  return out;
}

/** The Stripe object (objects/<name>.json) each CLI trigger, a recipe rather than a payload, sends an event about. */
const TRIGGER_OBJECT: Record<string, string> = {
  "charge.dispute.created": "dispute", "charge.refund.updated": "refund", "charge.refunded": "charge", "charge.succeeded": "charge",
  "checkout.session.async_payment_succeeded": "checkout.session", "checkout.session.completed": "checkout.session",
  "checkout.session.expired": "checkout.session", "coupon.created": "coupon", "credit_note.created": "credit_note",
  "customer.created": "customer", "customer.updated": "customer", "customer.discount.created": "discount",
  "customer.subscription.created": "subscription", "customer.subscription.deleted": "subscription",
  "customer.subscription.trial_will_end": "subscription", "customer.subscription.updated": "subscription",
  "invoice.created": "invoice", "invoice.finalized": "invoice", "invoice.paid": "invoice", "invoice.payment_failed": "invoice",
  "subscription.payment_succeeded": "invoice", "payment_intent.succeeded": "payment_intent",
  "promotion_code.created": "promotion_code", "promotion_code.updated": "promotion_code",
};

function stripeDeliveries(): FixtureDelivery[] {
  const out: FixtureDelivery[] = [];
  const add = (name: string, event: Json) =>
    out.push({ name, provider: "stripe", eventId: String(event.id), body: JSON.stringify(event), phase: phaseOf(String(event.type)) });
  const created = 1_796_000_000;
  const covered = new Set<string>();
  for (const file of filesIn("stripe/cli-triggers/")) {
    const type = basename(file, ".json");
    const resource = TRIGGER_OBJECT[type];
    if (!resource) throw new Error(`stripe/cli-triggers/${file}: name the object its event carries in TRIGGER_OBJECT`);
    covered.add(resource);
    add(`trigger-${type}`, stripeEvent(type, json(`stripe/objects/${resource}.json`), { id: `evt_chaos_${type.replaceAll(".", "_")}`, created }));
  }
  for (const file of filesIn("stripe/objects/")) {
    const resource = basename(file, ".json");
    if (!covered.has(resource)) add(`object-${resource}`, stripeEvent(`${resource}.created`, json(`stripe/objects/${file}`), { id: `evt_chaos_${resource}_created`, created }));
  }
  add("event-plan.created", json("stripe/events/plan.created.fixtures3.json"));
  add("legacy-customer.created", json("stripe/legacy/customer.created.stripe-java.json"));
  const invoice = stripeInvoice("in_chaos_1", { customer: "cus_chaos", email: "stripe.buyer@example.com", total: 4_900, reason: "subscription_create", referral: "AVA" });
  add("invoice-paid-with-referral", stripeEvent("invoice.paid", invoice, { id: "evt_chaos_invoice_referral", created }));
  return out;
}

function paddleDeliveries(): FixtureDelivery[] {
  const out: FixtureDelivery[] = [];
  const add = (name: string, event: Json) =>
    out.push({ name, provider: "paddle", eventId: String(event.event_id), body: JSON.stringify(event), phase: phaseOf(String(event.event_type)) });
  const fixed = (type: string) => ({ event_id: `evt_chaos_${type.replaceAll(".", "_")}`, notification_id: `ntf_chaos_${type.replaceAll(".", "_")}` });
  for (const file of filesIn("paddle/").filter((f) => f.endsWith(".data.json"))) {
    const type = basename(file, ".data.json");
    add(type, paddleEvent(type, json(`paddle/${file}`), fixed(type)));
  }
  for (const file of filesIn("paddle/").filter((f) => f.endsWith(".webhook_body.json"))) add(basename(file, ".json"), json(`paddle/${file}`));
  for (const event of json("paddle/events_api_list_default.json").data as Json[]) add(`events-api-${event.event_id}`, event);
  add("notification-api-payload", (json("paddle/notification_api_full_entity.json").data as Json).payload as Json);
  const sale = { ...json("paddle/transaction.completed.data.json"), id: "txn_chaos_1", customer_id: "ctm_chaos_1", custom_data: { referral: "NOAH" }, discount_id: null };
  add("transaction-with-referral", paddleEvent("transaction.completed", sale, fixed("transaction_with_referral")));
  const refund = { ...json("paddle/adjustment.updated.data.json"), id: "adj_chaos_1", status: "approved", transaction_id: "txn_chaos_1" };
  add("refund-of-referred-transaction", paddleEvent("adjustment.updated", refund, fixed("adjustment_of_referral")));
  return out;
}

function chargebeeDeliveries(): FixtureDelivery[] {
  const event = json("chargebee/payment_succeeded.legacy2012.json");
  return [{ name: "payment_succeeded.legacy2012", provider: "chargebee", eventId: String(event.id), body: text("chargebee/payment_succeeded.legacy2012.json"), phase: 1 }];
}

/**
 * Every fixture of /work/shared/fixtures as a delivery, in the clean run's order. Phase 3 (app/uninstalled and the
 * GDPR topics) erases data, so what arrives after it differs by design: those are sent to their own shop, in order.
 */
export function fixtureDeliveries(): FixtureDelivery[] {
  const all = [...shopifyDeliveries(), ...stripeDeliveries(), ...paddleDeliveries(), ...chargebeeDeliveries()];
  return all.map((d, i) => ({ d, i })).sort((a, b) => a.d.phase - b.d.phase || a.i - b.i).map(({ d }) => d);
}

/** POSTs a delivery, signed now, over real HTTP. */
export function deliver(baseUrl: string, delivery: FixtureDelivery, shopifySecret: string, connections: Record<BillingProvider, string>): Promise<Response> {
  const { body } = delivery;
  if (delivery.provider === "shopify") {
    const headers = shopifyWebhookHeaders({ topic: delivery.topic!, shop: delivery.shop!, body, secret: shopifySecret, eventId: delivery.eventId });
    return fetch(`${baseUrl}/webhooks/${delivery.topic}`, { method: "POST", headers, body });
  }
  const secret = BILLING_SECRETS[delivery.provider];
  const auth: Record<BillingProvider, () => Record<string, string>> = {
    stripe: () => ({ "Stripe-Signature": signStripePayload(body, secret) }),
    paddle: () => ({ "Paddle-Signature": signPaddlePayload(body, secret) }),
    chargebee: () => ({ Authorization: chargebeeBasicAuth(secret) }),
  };
  return fetch(`${baseUrl}/webhooks/billing/${delivery.provider}/${connections[delivery.provider]}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...auth[delivery.provider]() },
    body,
  });
}
