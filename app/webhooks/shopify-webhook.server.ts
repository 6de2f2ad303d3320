import type { ActionFunctionArgs } from "@remix-run/node";
import { parseJsonKeepingBigIds } from "../../connectors/shopify/parse-json";
import { findShopByDomain } from "../../domain/shops/create-shop";
import { db } from "../db.server";
import { authenticate } from "../shopify.server";
import { acceptDelivery, readWebhookBody, webhookError } from "./receive.server";

// Shopify signs only the body: these topics name their shop in it too, so a signed body cannot be replayed at another shop.
const payloadShopField: Record<string, string> = {
  "shop/redact": "shop_domain",
  "customers/data_request": "shop_domain",
  "customers/redact": "shop_domain",
  "app/uninstalled": "myshopify_domain",
};

/** Why the body does not belong to the header's shop (its shop field missing or naming another shop), or undefined when it does. */
function payloadShopMismatch(topic: string, payload: unknown, headerDomain: string): string | undefined {
  const field = payloadShopField[topic];
  if (!field) return undefined;
  const body = (payload ?? {}) as Record<string, unknown>;
  // app/uninstalled carries the shop object: myshopify_domain, else (older payloads) domain.
  const named = body[field] ?? (topic === "app/uninstalled" ? body.domain : undefined);
  if (typeof named !== "string" || named === "") return `${field} is missing from the body`;
  if (named.trim().toLowerCase() !== headerDomain) return `X-Shopify-Shop-Domain does not match the body's ${field}`;
  return undefined;
}

/**
 * One Shopify topic's route: HMAC through authenticate.webhook (401 on failure, GDPR topics included), then the
 * unsigned headers are checked against the route and the signed body (400 naming the header, nothing stored),
 * dedupe on X-Shopify-Event-Id (else X-Shopify-Webhook-Id), store, enqueue, 200. An unknown shop is stored as ignored.
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
    if (request.headers.get("x-shopify-topic") !== topic) return webhookError(400, `X-Shopify-Topic must be ${topic} on this route`);
    const domain = (request.headers.get("x-shopify-shop-domain") ?? "").trim().toLowerCase();
    if (!domain) return webhookError(400, "X-Shopify-Shop-Domain is missing");
    const mismatch = payloadShopMismatch(topic, payload, domain);
    if (mismatch) return webhookError(400, mismatch);
    const externalId = request.headers.get("x-shopify-event-id") ?? request.headers.get("x-shopify-webhook-id");
    if (!externalId) return webhookError(400, "missing X-Shopify-Event-Id and X-Shopify-Webhook-Id");
    const shop = await findShopByDomain(db(), domain);
    return acceptDelivery({
      shopId: shop?.id ?? null,
      provider: "shopify",
      dedupeScope: `shop:${domain.slice(0, 255)}`,
      externalId,
      topic,
      payload,
      ignoredReason: shop ? undefined : `unknown shop ${domain.slice(0, 255)}`,
    });
  };
}
