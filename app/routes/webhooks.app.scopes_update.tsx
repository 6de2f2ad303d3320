import type { ActionFunctionArgs } from "@remix-run/node";
import { shopifyHmacMatches } from "../../connectors/shopify/hmac";
import { offlineSessionId } from "../../connectors/shopify/offline-sessions";
import { scopesUpdateSchema } from "../../connectors/shopify/schemas";
import { appConfig, shopifySessionStorage } from "../shopify.server";
import { readWebhookBytes, webhookError } from "../webhooks/receive.server";


const jsonOrNull = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
};

/**
 * app/scopes_update: the merchant granted (or Shopify removed) access scopes. The offline session keeps the scope
 * it was granted, so the library's scope check and the admin agree with the store without a reinstall. Setting the
 * scope is idempotent, so it is applied at once rather than stored and queued; an unknown shop changes nothing.
 */
export async function action({ request }: ActionFunctionArgs) {
  const hmac = request.headers.get("x-shopify-hmac-sha256");
  if (!hmac) return webhookError(401, "X-Shopify-Hmac-Sha256 is missing");
  const raw = await readWebhookBytes(request);
  if (raw instanceof Response) return raw;
  if (!shopifyHmacMatches(raw, hmac, appConfig().shopify.apiSecret)) return webhookError(401, "X-Shopify-Hmac-Sha256 does not match the body");
  const shop = request.headers.get("x-shopify-shop-domain");
  if (!shop) return webhookError(400, "missing X-Shopify-Shop-Domain");
  if (request.headers.get("x-shopify-topic") !== "app/scopes_update") return webhookError(400, "X-Shopify-Topic must be app/scopes_update");
  const parsed = scopesUpdateSchema.safeParse(jsonOrNull(raw.toString("utf8")));
  if (!parsed.success) return webhookError(400, "current must be the list of granted scopes");
  const sessions = shopifySessionStorage();
  const session = await sessions.loadSession(offlineSessionId(shop.toLowerCase()));
  if (session) {
    session.scope = parsed.data.current.join(",");
    await sessions.storeSession(session);
  }
  return new Response(null, { status: 200 });
}
