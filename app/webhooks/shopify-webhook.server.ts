import type { ActionFunctionArgs } from "@remix-run/node";
import { parseJsonKeepingBigIds } from "../../connectors/shopify/parse-json";
import { findShopByDomain } from "../../domain/shops/create-shop";
import { db } from "../db.server";
import { authenticate } from "../shopify.server";
import { acceptDelivery, readWebhookBody, webhookError } from "./receive.server";

/**
 * One Shopify topic's route: HMAC through authenticate.webhook (401 on failure, GDPR topics included), dedupe on
 * X-Shopify-Event-Id (else X-Shopify-Webhook-Id), store, enqueue, 200. An unknown shop is stored as ignored.
 */
export function shopifyWebhookAction(topic: string) {
  return async ({ request }: ActionFunctionArgs) => {
    // The library answers 400 to a missing HMAC header; a missing signature is a bad signature here (401).
    if (!request.headers.get("x-shopify-hmac-sha256")) return webhookError(401, "X-Shopify-Hmac-Sha256 is missing");
    const raw = await readWebhookBody(request);
    if (raw instanceof Response) return raw;
    try {
      await authenticate.webhook(new Request(request.url, { method: "POST", headers: request.headers, body: raw }));
    } catch (error) {
      if (error instanceof Response) return error;
      if (error instanceof SyntaxError) return webhookError(400, "body is not valid JSON");
      throw error;
    }
    let payload: unknown;
    try {
      payload = parseJsonKeepingBigIds(raw);
    } catch {
      return webhookError(400, "body is not valid JSON");
    }
    const externalId = request.headers.get("x-shopify-event-id") ?? request.headers.get("x-shopify-webhook-id");
    if (!externalId) return webhookError(400, "missing X-Shopify-Event-Id and X-Shopify-Webhook-Id");
    const domain = request.headers.get("x-shopify-shop-domain") ?? "";
    const shop = await findShopByDomain(db(), domain);
    return acceptDelivery({
      shopId: shop?.id ?? null,
      provider: "shopify",
      dedupeScope: `shop:${domain.slice(0, 255)}`,
      externalId,
      topic: request.headers.get("x-shopify-topic") ?? topic,
      payload,
      ignoredReason: shop ? undefined : `unknown shop ${domain.slice(0, 255)}`,
    });
  };
}
