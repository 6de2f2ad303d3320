import type { ActionFunctionArgs } from "@remix-run/node";
import { shopifyHmacMatches } from "../../connectors/shopify/hmac";
import { quoteBigIntegers } from "../../connectors/shopify/parse-json";
import { cachedShopIdByDomain, forgetShopDomain } from "../../domain/shops/shop-id-cache";
import { db } from "../db.server";
import { appConfig } from "../shopify.server";
import { acceptDelivery, readWebhookBytes, webhookError } from "./receive.server";

// Shopify signs only the body: these topics name their shop in it too, so a signed body cannot be replayed at another shop.
const payloadShopField: Record<string, string> = {
  "shop/redact": "shop_domain",
  "customers/data_request": "shop_domain",
  "customers/redact": "shop_domain",
  "app/uninstalled": "myshopify_domain",
};

// After these the shop is going (or gone): its cached id must not outlive them.
const shopEndingTopics = new Set(["app/uninstalled", "shop/redact"]);

// Every Shopify webhook carries these; a signed delivery without one is refused like Shopify's library did (400).
const requiredHeaders = ["X-Shopify-Topic", "X-Shopify-Shop-Domain", "X-Shopify-API-Version", "X-Shopify-Webhook-Id"];

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
 * One Shopify topic's route: the HMAC over the raw bytes, compared in constant time (401 when missing or wrong,
 * GDPR topics included), then the unsigned headers are checked against the route and the signed body (400 naming
 * the header, nothing stored), dedupe on X-Shopify-Event-Id (else X-Shopify-Webhook-Id), store, enqueue, 200.
 * The body is parsed once; it is stored as its own text with ids beyond 2^53 quoted. An unknown shop is stored as ignored.
 */
export function shopifyWebhookAction(topic: string) {
  return async ({ request }: ActionFunctionArgs) => {
    const hmac = request.headers.get("x-shopify-hmac-sha256");
    if (!hmac) return webhookError(401, "X-Shopify-Hmac-Sha256 is missing");
    const raw = await readWebhookBytes(request);
    if (raw instanceof Response) return raw;
    if (!shopifyHmacMatches(raw, hmac, appConfig().shopify.apiSecret)) return webhookError(401, "X-Shopify-Hmac-Sha256 does not match the body");
    const missing = requiredHeaders.filter((name) => !request.headers.get(name));
    if (missing.length) return webhookError(400, `missing ${missing.join(", ")}`);
    const text = raw.toString("utf8");
    let payload: unknown;
    try {
      payload = JSON.parse(text);
    } catch {
      return webhookError(400, "body is not valid JSON");
    }
    if (request.headers.get("x-shopify-topic") !== topic) return webhookError(400, `X-Shopify-Topic must be ${topic} on this route`);
    const domain = (request.headers.get("x-shopify-shop-domain") ?? "").trim().toLowerCase();
    if (!domain) return webhookError(400, "X-Shopify-Shop-Domain is missing");
    const mismatch = payloadShopMismatch(topic, payload, domain);
    if (mismatch) return webhookError(400, mismatch);
    const externalId = request.headers.get("x-shopify-event-id") ?? request.headers.get("x-shopify-webhook-id")!;
    const database = db();
    const shopId = await cachedShopIdByDomain(database, domain);
    const response = await acceptDelivery({
      shopId: shopId ?? null,
      provider: "shopify",
      dedupeScope: `shop:${domain.slice(0, 255)}`,
      externalId,
      topic,
      payload,
      payloadJson: quoteBigIntegers(text),
      ignoredReason: shopId ? undefined : `unknown shop ${domain.slice(0, 255)}`,
    });
    // A failed store may be a shop deleted since it was cached: read it again on the redelivery.
    if (shopEndingTopics.has(topic) || response.status !== 200) forgetShopDomain(database, domain);
    return response;
  };
}
