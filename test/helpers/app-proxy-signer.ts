import { createHmac } from "node:crypto";

/**
 * Signs a query the way Shopify's app proxy does: hex HMAC-SHA256 with the app secret over every parameter
 * except `signature`, sorted by key, as `key=value` (repeated values joined by ","), with no separator.
 */
export function appProxySignature(params: URLSearchParams, secret: string): string {
  const grouped = new Map<string, string[]>();
  for (const [key, value] of params) if (key !== "signature") grouped.set(key, [...(grouped.get(key) ?? []), value]);
  const message = [...grouped.keys()]
    .sort()
    .map((key) => `${key}=${grouped.get(key)!.join(",")}`)
    .join("");
  return createHmac("sha256", secret).update(message).digest("hex");
}

/** The URL the app receives for https://SHOP/apps/partners<path>, signed as Shopify forwards it. */
export function signedProxyUrl(
  appUrl: string,
  path: string,
  options: { shop: string; secret: string; customerId?: string | null; query?: Record<string, string>; timestamp?: number },
): string {
  const params = new URLSearchParams(options.query);
  params.set("shop", options.shop);
  params.set("logged_in_customer_id", options.customerId ?? "");
  params.set("path_prefix", "/apps/partners");
  params.set("timestamp", String(options.timestamp ?? Math.floor(Date.now() / 1000)));
  params.set("signature", appProxySignature(params, options.secret));
  return `${appUrl}/proxy${path}?${params}`;
}
