import "@shopify/shopify-app-remix/adapters/node";
import { ApiVersion, AppDistribution, LogSeverity, shopifyApp } from "@shopify/shopify-app-remix/server";
import { shopifyAdminOfApp, type ShopifyAdmin } from "../connectors/shopify/admin-client";
import { fetchShopSettings } from "../connectors/shopify/shop-settings";
import { upsertInstalledShop } from "../domain/shops/create-shop";
import { updateShopSettings } from "../domain/shops/update-shop-settings";
import { loadConfig, type AppConfig } from "../runtime/config";
import { currentSecretBoxOrThrow } from "../runtime/current-secret-box";
import { enqueueTrackingSync } from "./api/enqueue-tracking-sync.server";
import { db } from "./db.server";

/** The one Admin API version of the app; shopify.app.toml's [webhooks] api_version says the same. */
export const API_VERSION = ApiVersion.April26;

function createShopify(config: AppConfig, sessionStorage: ReturnType<typeof shopifyAdminOfApp>["sessions"]) {
  return shopifyApp({
    apiKey: config.shopify.apiKey,
    apiSecretKey: config.shopify.apiSecret,
    appUrl: config.shopify.appUrl,
    scopes: config.shopify.scopes,
    apiVersion: API_VERSION,
    authPathPrefix: "/auth",
    sessionStorage,
    distribution: AppDistribution.AppStore,
    // Managed installation with token exchange: the first embedded load trades App Bridge's session token for an
    // expiring offline token (and its refresh token), with no OAuth redirect.
    future: { unstable_newEmbeddedAuthStrategy: true, expiringOfflineAccessTokens: true },
    // The library logs a line at info level for every request it authenticates (each click beacon, each webhook).
    logger: { level: LogSeverity.Warning },
    hooks: {
      afterAuth: async ({ session }) => {
        const shop = await upsertInstalledShop(db(), session.shop);
        await updateShopSettings(db(), shop.id, await fetchShopSettings(await shopifyAdmin().forShop(session.shop)));
        // A reinstall is a new app installation without the old one's metafields: write the tracking settings again.
        await enqueueTrackingSync(shop.id);
      },
    },
  });
}

type Shopify = ReturnType<typeof createShopify>;
let instance: { config: AppConfig; shopify: Shopify; admin: ShopifyAdmin; sessions: ReturnType<typeof shopifyAdminOfApp>["sessions"]; database: ReturnType<typeof db> } | undefined;

/** Rebuilt when the process opens another database (tests start the app twice), so sessions never read a closed one. */
function lazyInstance() {
  if (!instance || instance.database !== db()) {
    const config = loadConfig();
    const { sessions, admin } = shopifyAdminOfApp(config.shopify, db, currentSecretBoxOrThrow);
    instance = { config, shopify: createShopify(config, sessions), admin, sessions, database: db() };
  }
  return instance;
}

/** Built on first use, once server.ts has opened the database. */
export const shopify = (): Shopify => lazyInstance().shopify;
export const shopifyApiKey = (): string => lazyInstance().config.shopify.apiKey;
export const appConfig = (): AppConfig => lazyInstance().config;
/** The app's session storage: encrypted at rest, offline tokens refreshed before they expire. */
export const shopifySessionStorage = () => lazyInstance().sessions;
/** The one Admin API client (offline sessions), the same the workers use. */
export const shopifyAdmin = (): ShopifyAdmin => lazyInstance().admin;

export const authenticate = {
  admin: (request: Request) => shopify().authenticate.admin(request),
  webhook: (request: Request) => shopify().authenticate.webhook(request),
  public: {
    appProxy: (request: Request) => shopify().authenticate.public.appProxy(request),
  },
};
export const login = (request: Request) => shopify().login(request);
export const addDocumentResponseHeaders = (request: Request, headers: Headers) => shopify().addDocumentResponseHeaders(request, headers);
