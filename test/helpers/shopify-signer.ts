import { createHmac } from "node:crypto";

/** X-Shopify-Hmac-Sha256: base64 HMAC-SHA256 of the raw body with the app's client secret. */
export const shopifyHmac = (body: string, secret: string) => createHmac("sha256", secret).update(body, "utf8").digest("base64");

/** The headers Shopify sends with a webhook, signed. */
export function shopifyWebhookHeaders(options: { topic: string; shop: string; body: string; secret: string; eventId?: string; webhookId?: string }): Record<string, string> {
  return {
    "Content-Type": "application/json",
    "X-Shopify-Hmac-Sha256": shopifyHmac(options.body, options.secret),
    "X-Shopify-Topic": options.topic,
    "X-Shopify-Shop-Domain": options.shop,
    "X-Shopify-API-Version": "2026-04",
    "X-Shopify-Webhook-Id": options.webhookId ?? `wh-${options.eventId ?? Math.random().toString(36).slice(2)}`,
    ...(options.eventId ? { "X-Shopify-Event-Id": options.eventId } : {}),
    "X-Shopify-Triggered-At": new Date().toISOString(),
  };
}
