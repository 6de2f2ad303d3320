import type { Program, Shop } from "../../db/schema/rows";

/** Where the storefront serves the app proxy (shopify.app.toml [app_proxy] prefix/subpath). */
export const APP_PROXY_PATH = "/apps/partners";

/** The storefront's host for links customers open: the primary domain when known, else the myshopify domain. */
export const storefrontHost = (shop: Pick<Shop, "domain" | "primaryDomainHost">) => shop.primaryDomainHost || shop.domain;

/**
 * The one place referral URLs are built (admin partner page, portal): one per query parameter the program
 * recognises, then the path form, served through the app proxy (/apps/partners/r/KEY answers a redirect to ?ref=KEY).
 */
export function referralLinkUrls(shop: Pick<Shop, "domain" | "primaryDomainHost">, program: Pick<Program, "linkParams" | "linkPathPrefix">, key: string): string[] {
  const base = `https://${storefrontHost(shop)}`;
  const encoded = encodeURIComponent(key);
  const params = program.linkParams.length ? program.linkParams : ["ref"];
  const urls = params.map((p) => `${base}/?${p}=${encoded}`);
  const prefix = program.linkPathPrefix?.replace(/\/+$/, "");
  if (prefix) urls.push(`${base}${APP_PROXY_PATH}${prefix}/${encoded}`);
  return urls;
}
