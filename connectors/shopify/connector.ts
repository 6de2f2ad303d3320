import type { Connector } from "../types";
import { WebhookPayloadError, WebhookVerificationError } from "../types";
import { shopifyHmacMatches } from "./hmac";
import { normalizeShopify } from "./normalize";
import { parseJsonKeepingBigIds } from "./parse-json";

/** Shopify: base64 HMAC-SHA256 of the raw body with the app secret; deduplicated on the event id. */
export const shopifyConnector: Connector = {
  provider: "shopify",
  verify(rawBody, headers, secret) {
    if (!shopifyHmacMatches(rawBody, headers.get("x-shopify-hmac-sha256"), secret)) throw new WebhookVerificationError("Shopify HMAC is missing or does not match");
    const topic = headers.get("x-shopify-topic");
    if (!topic) throw new WebhookPayloadError("X-Shopify-Topic is missing");
    const externalId = headers.get("x-shopify-event-id") ?? headers.get("x-shopify-webhook-id");
    if (!externalId) throw new WebhookPayloadError("X-Shopify-Event-Id and X-Shopify-Webhook-Id are missing");
    let payload: unknown;
    try {
      payload = parseJsonKeepingBigIds(rawBody);
    } catch {
      throw new WebhookPayloadError("body is not valid JSON");
    }
    if (typeof payload !== "object" || payload === null || Array.isArray(payload)) throw new WebhookPayloadError("body is not a JSON object");
    return { externalId, topic, payload };
  },
  normalize: normalizeShopify,
};
