import { findShopByDomain } from "../../domain/shops/create-shop";
import { db } from "../db.server";
import { authenticate } from "../shopify.server";
import type { Shop } from "../../db/schema/rows";

export interface ProxyContext {
  shop: Shop;
  /** The Shopify customer logged in on the storefront, from the signed logged_in_customer_id; null when none. */
  customerId: string | null;
  /** Where the storefront serves the proxy (/apps/partners), for links and form actions. */
  pathPrefix: string;
}

const PATH_PREFIX = /^\/(apps|a|community|tools)\/[A-Za-z0-9_-]{1,64}$/;

function plainResponse(status: number, message: string): Response {
  return new Response(message, { status, headers: { "Content-Type": "text/plain; charset=utf-8" } });
}

/**
 * Verifies the app proxy signature (every query parameter signed with the app secret, timestamp within 90 s).
 * A missing, stale or tampered signature answers 401: nothing in an unsigned request is trusted.
 */
export async function authenticateProxy(request: Request): Promise<ProxyContext> {
  try {
    await authenticate.public.appProxy(request);
  } catch (error) {
    if (error instanceof Response && error.status === 400) throw plainResponse(401, "The request is not signed by Shopify.");
    throw error;
  }
  const url = new URL(request.url);
  const shop = await findShopByDomain(db(), url.searchParams.get("shop") ?? "");
  if (!shop || shop.uninstalledAt) throw plainResponse(404, "This store does not run Affiliate Hub.");
  const prefix = url.searchParams.get("path_prefix") ?? "";
  return {
    shop,
    customerId: /^\d{1,20}$/.test(url.searchParams.get("logged_in_customer_id") ?? "") ? url.searchParams.get("logged_in_customer_id") : null,
    pathPrefix: PATH_PREFIX.test(prefix) ? prefix : "/apps/partners",
  };
}
