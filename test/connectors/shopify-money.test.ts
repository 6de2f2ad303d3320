import { describe, expect, it } from "vitest";
import type { NormalizedEvent } from "../../domain/ingest/normalized-event";
import { moneySet as money, shopifyEvents, shopifyOrder as order, shopifyRefund, type Json } from "../helpers/shopify-payloads";

// Every payload starts from Shopify's published 2026-04 samples (shared/fixtures/shopify/orders_paid.json and
// refunds_create.json, see SOURCES.md), adjusted only where a case needs it. Issue 17, "## Shopify".
const refund = (n: number, amount: string) => shopifyRefund(n, 1, amount);
const normalize = (topic: string, payload: Json) => {
  const result = shopifyEvents(topic, payload);
  return Array.isArray(result) ? { events: result } : result;
};
const sale = (payload: Json) => {
  const result = shopifyEvents("orders/paid", payload);
  if (!Array.isArray(result)) throw new Error(result.ignored);
  return result[0] as Extract<NormalizedEvent, { type: "sale" }>;
};

describe("Shopify commission base (issue 17)", () => {
  it("leaves gift-card lines out of the base and the lines", () => {
    // The sample's five lines total 414.95; the 24.99 line becomes a gift card.
    const paid = order(1);
    paid.line_items[2].gift_card = true;
    const event = sale(paid);
    expect(event.amount).toBe(41_495 - 2_499);
    expect(event.lines.map((l) => l.amount)).toEqual([8_999, 1_999, 15_999, 11_999]);
  });

  it("an order paid with a gift card earns on its merchandise once (the card's purchase earned nothing)", () => {
    const paid = order(2);
    paid.payment_gateway_names = ["gift_card"];
    expect(sale(paid).amount).toBe(41_495);
  });

  it("takes the lines' tax out of a tax-inclusive order's base (taxes_included, VAT stores)", () => {
    // A VAT store: 120.00 gross with 20.00 VAT in it, on one line.
    const paid = order(3, { subtotal: "120.00" });
    paid.taxes_included = true;
    paid.line_items = [{ ...paid.line_items[0], price: "120.00", price_set: money("120.00"), tax_lines: [{ price: "20.00", rate: 0.2, title: "VAT", price_set: money("20.00") }] }];
    paid.current_total_tax_set = money("20.00");
    const event = sale(paid);
    expect(event).toMatchObject({ amount: 10_000, tax: 2_000, lines: [{ amount: 10_000 }] });
    // The same order with taxes_included off keeps its subtotal (the tax is on top of it).
    paid.taxes_included = false;
    expect(sale(paid).amount).toBe(12_000);
  });

  it("reads every amount from shop_money, never presentment_money", () => {
    // A EUR buyer in a USD shop: presentment amounts differ from the shop's.
    const paid = order(4, { subtotal: "50.00" });
    paid.presentment_currency = "EUR";
    paid.current_subtotal_price_set = money("50.00", "USD", "46.10", "EUR");
    paid.current_total_tax_set = money("4.00", "USD", "3.69", "EUR");
    paid.total_shipping_price_set = money("5.00", "USD", "4.61", "EUR");
    paid.line_items = [{ ...paid.line_items[0], price: "50.00", price_set: money("50.00", "USD", "46.10", "EUR"), discount_allocations: [{ amount: "5.00", amount_set: money("5.00", "USD", "4.61", "EUR") }] }];
    expect(sale(paid)).toMatchObject({ amount: 5_000, currency: "USD", tax: 400, shipping: 500, lines: [{ amount: 4_500 }] });
  });

  it("marks a test order (test: true) so it is recorded and attributed but earns nothing", () => {
    const paid = order(5, { ref: "AVA" });
    paid.test = true;
    expect(sale(paid)).toMatchObject({ test: true, evidence: { referralKey: "AVA" } });
    expect(sale(order(6))).not.toHaveProperty("test");
  });
});

describe("Shopify refunds without refund lines (issue 17)", () => {
  it("an amount refunded by hand (refund_discrepancy, negative) is a refund of that amount", () => {
    const manual = refund(7, "0.00");
    manual.refund_line_items = [];
    manual.order_adjustments = [{ id: 1, order_id: manual.order_id, refund_id: manual.id, amount: "-15.00", amount_set: money("-15.00"), tax_amount: "0.00", kind: "refund_discrepancy", reason: "Refund discrepancy" }];
    expect(normalize("refunds/create", manual)).toMatchObject({ events: [{ type: "refund", amount: 1_500, currency: "USD" }] });
  });

  it("a positive discrepancy lowers what the lines refunded", () => {
    const partial = refund(8, "25.50");
    partial.order_adjustments = [{ amount: "5.50", amount_set: money("5.50"), kind: "refund_discrepancy" }];
    expect(normalize("refunds/create", partial)).toMatchObject({ events: [{ amount: 2_000 }] });
  });

  it("a shipping-only refund gives back no merchandise and is ignored", () => {
    const shipping = refund(9, "0.00");
    shipping.refund_line_items = [];
    shipping.order_adjustments = [{ amount: "-10.00", amount_set: money("-10.00"), tax_amount: "0.00", kind: "shipping_refund", reason: "Shipping refund" }];
    expect(normalize("refunds/create", shipping)).toEqual({ ignored: "refund gives back no merchandise amount" });
  });
});

describe("Shopify subscription renewals, whichever app bills them (issue 17)", () => {
  // Renewal orders are placed by Shopify's subscription billing (no checkout behind them); each app's published
  // marks: Shopify Subscriptions (source_name subscription_contract), Recharge "Subscription Recurring Order" tag
  // (support.getrecharge.com, "How can I identify Recharge orders"), Skio the same tag (help.skio.com, "Subscription
  // tags"), Appstle its recurring-order tag (developers.appstle.com, "Metafields and tags"); selling_plan_id on lines
  // from webhook version 2026-10 (shopify.dev changelog, "Orders webhooks now include selling_plan_id on line items").
  const onPlan = (payload: Json, planId = 691847168348) => {
    payload.line_items = payload.line_items.map((line: Json) => ({ ...line, selling_plan_id: planId }));
    return payload;
  };
  const renewal = (n: number, changes: Json, withPlan = true) => {
    const payload = Object.assign(order(n), { checkout_token: null, cart_token: null, ...changes });
    return withPlan ? onPlan(payload) : payload;
  };
  const firstOrder = (n: number, changes: Json = {}) => onPlan(Object.assign(order(n), { checkout_token: "bd5a8aa1ecd019dd3520ff791ee3a24c", source_name: "web", ...changes }));

  it.each([
    ["Shopify Subscriptions", renewal(20, { source_name: "subscription_contract" })],
    ["Recharge (Shopify Checkout Integration)", renewal(21, { source_name: "subscription_contract_checkout_one", tags: "Subscription, Subscription Recurring Order" })],
    ["Appstle", renewal(22, { source_name: "subscription_contract", tags: "appstle_subscription_recurring_order" })],
    ["Loop", renewal(23, { source_name: "4916003", tags: "" })],
    ["Skio", renewal(24, { source_name: "subscription_contract", tags: "Subscription Recurring Order, Subscription Order: 3" })],
    ["a renewal whose source_name Shopify renamed", renewal(25, { source_name: "shopify_subscriptions" })],
    ["Recharge on 2026-04 webhooks (no selling plan on lines), by its tag", renewal(26, { source_name: "294517", tags: "Subscription Recurring Order" }, false)],
    ["Shopify's label alone on 2026-04 webhooks", renewal(27, { source_name: "subscription_contract" }, false)],
  ])("%s: a renewal", (_app, payload) => {
    expect(sale(payload).kind).toBe("renewal");
  });

  it.each([
    ["a first subscription order, paid at checkout", firstOrder(30)],
    ["Recharge's first order", firstOrder(31, { tags: "Subscription, Subscription First Order" })],
    ["Skio's first order", firstOrder(32, { tags: "Subscription First Order" })],
    ["a one-off order", order(33)],
  ])("%s: a sale", (_name, payload) => {
    expect(sale(payload).kind).toBe("sale");
  });
});
