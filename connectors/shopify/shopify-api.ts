import "@shopify/shopify-api/adapters/node";
import { ApiVersion, LogSeverity, shopifyApi, type Shopify } from "@shopify/shopify-api";
import { setAbstractFetchFunc } from "@shopify/shopify-api/runtime";

/** The app's one Admin API version; app/shopify.server.ts and shopify.app.toml say the same. */
export const ADMIN_API_VERSION = ApiVersion.April26;

// The node adapter keeps the fetch that existed when it was imported; resolving it per call lets whatever the
// process installs later (msw in tests, fetch instrumentation) see the library's requests to Shopify too.
setAbstractFetchFunc((input, init) => globalThis.fetch(input, init));

export interface ShopifyAppCredentials {
  apiKey: string;
  apiSecret: string;
  appUrl: string;
  scopes: string[];
}

/** The Shopify API library configured as the app: token refresh and Admin GraphQL clients for workers and web. */
export function shopifyLibrary(credentials: ShopifyAppCredentials): Shopify {
  const url = new URL(credentials.appUrl);
  return shopifyApi({
    apiKey: credentials.apiKey,
    apiSecretKey: credentials.apiSecret,
    scopes: credentials.scopes,
    hostName: url.host,
    hostScheme: url.protocol === "http:" ? "http" : "https",
    apiVersion: ADMIN_API_VERSION,
    isEmbeddedApp: true,
    logger: { level: LogSeverity.Warning },
  });
}
