import { readFileSync } from "node:fs";

const fixture = (path: string) => JSON.parse(readFileSync(new URL(`../../../shared/fixtures/${path}`, import.meta.url), "utf8"));

/** Real ids exceed 2^53: bodies are written with exact integer literals, as Shopify sends them. */
const BIG_ORDER_ID = 820982911946154508n;

export const orderId = (n: number) => String(BIG_ORDER_ID + BigInt(n));

/** Shopify's published orders/paid sample, paid, with the attribution fields a real store would carry. */
/** `customer` picks the Shopify customer (default: one per order). */
/** `currency` rewrites every money set of the sample (a store whose currency is not USD). */
export function shopifyOrderBody(n: number, options: { ref?: string; code?: string; subtotal?: string; email?: string; sourceName?: string; customer?: number; currency?: string } = {}): string {
  const order = fixture("shopify/orders_paid.json");
  order.financial_status = "paid";
  order.admin_graphql_api_id = `gid://shopify/Order/${orderId(n)}`;
  order.id = "__ORDER_ID__";
  order.current_subtotal_price_set = { shop_money: { amount: options.subtotal ?? "414.95", currency_code: "USD" }, presentment_money: { amount: options.subtotal ?? "414.95", currency_code: "USD" } };
  order.source_name = options.sourceName ?? "web";
  order.test = false; // the published sample is a test order, which earns nothing
  order.note_attributes = options.ref ? [{ name: "_affiliate_ref", value: options.ref }, { name: "_affiliate_ts", value: String(Date.now() - 60_000) }] : [];
  order.discount_codes = options.code ? [{ code: options.code, amount: "10.00", type: "fixed_amount" }] : [];
  const customerId = 7000 + (options.customer ?? n);
  order.customer = { ...order.customer, id: customerId, admin_graphql_api_id: `gid://shopify/Customer/${customerId}`, email: options.email ?? `buyer${n}@example.com` };
  order.email = options.email ?? `buyer${n}@example.com`;
  const json = JSON.stringify(order).replace('"__ORDER_ID__"', orderId(n));
  return options.currency ? json.replaceAll('"USD"', JSON.stringify(options.currency)) : json;
}

/** Shopify's refunds/create sample refunding `amount` on one line of order n; order_id written as an exact big integer. */
export function shopifyRefundBody(n: number, refundNumber: number, amount: string): string {
  const refund = fixture("shopify/refunds_create.json");
  refund.admin_graphql_api_id = `gid://shopify/Refund/${orderId(n)}${refundNumber}`;
  refund.id = "__REFUND_ID__";
  refund.order_id = "__ORDER_ID__";
  const line = refund.refund_line_items[0];
  line.subtotal_set = { shop_money: { amount, currency_code: "USD" }, presentment_money: { amount, currency_code: "USD" } };
  refund.refund_line_items = [line];
  return JSON.stringify(refund).replace('"__ORDER_ID__"', orderId(n)).replace('"__REFUND_ID__"', `${orderId(n)}${refundNumber}`);
}

export const shopifyFixtureBody = (name: string) => JSON.stringify(fixture(`shopify/${name}.json`));

/** A Stripe invoice (OpenAPI fixture) paid for a customer, with the referral metadata a real integration sets. */
export function stripeInvoice(id: string, options: { customer: string; email: string; total: number; reason: "subscription_create" | "subscription_cycle"; referral?: string }) {
  const invoice = fixture("stripe/objects/invoice.json");
  return {
    ...invoice,
    id,
    customer: options.customer,
    customer_email: options.email,
    currency: "usd",
    billing_reason: options.reason,
    total: options.total,
    total_excluding_tax: options.total,
    amount_paid: options.total,
    status: "paid",
    metadata: options.referral ? { referral: options.referral } : {},
  };
}
