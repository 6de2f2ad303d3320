import { shopifyConnector } from "../../connectors/shopify/connector";
import { normalizedEventSchema, type NormalizedEvent } from "../../domain/ingest/normalized-event";
import { orderId, shopifyOrderBody, shopifyRefundBody } from "./ingest-fixtures";
import { shopifyWebhookHeaders } from "./shopify-signer";

export type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const SECRET = "shpss_test_payloads";

/** Shopify's orders/paid sample (ingest-fixtures), as an object to adjust; its ids stay exact through the gid. */
export const shopifyOrder = (n: number, options: Parameters<typeof shopifyOrderBody>[1] = {}): Json => JSON.parse(shopifyOrderBody(n, options));

/** Shopify's refunds/create sample of order n, as an object; order_id kept exact as a string. */
export const shopifyRefund = (n: number, refundNumber: number, amount: string): Json => ({ ...JSON.parse(shopifyRefundBody(n, refundNumber, amount)), order_id: orderId(n) });

/** A money set as Shopify writes it; presentment defaults to the shop's own. */
export const moneySet = (amount: string, currency = "USD", presentment = amount, presentmentCurrency = currency) => ({
  shop_money: { amount, currency_code: currency },
  presentment_money: { amount: presentment, currency_code: presentmentCurrency },
});

/** A payload through the Shopify connector as the webhook route passes it: signed, verified, normalized. */
export function shopifyEvents(topic: string, payload: Json): NormalizedEvent[] | { ignored: string } {
  const body = JSON.stringify(payload);
  const headers = new Headers(shopifyWebhookHeaders({ topic, shop: "x.myshopify.com", body, secret: SECRET, eventId: `evt-${topic}` }));
  const result = shopifyConnector.normalize(shopifyConnector.verify(body, headers, SECRET));
  if (!("events" in result)) return result;
  return result.events.map((event) => normalizedEventSchema.parse(event));
}
