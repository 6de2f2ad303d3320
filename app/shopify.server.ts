import "@shopify/shopify-app-remix/adapters/node";
import { ApiVersion, AppDistribution, LogSeverity, shopifyApp } from "@shopify/shopify-app-remix/server";
import { DrizzleSessionStoragePostgres } from "@shopify/shopify-app-session-storage-drizzle";
import { shopifySessions } from "../db/schema/index";
import { adminGraphql } from "../connectors/shopify/admin-graphql";
import { fetchShopSettings } from "../connectors/shopify/shop-settings";
import { upsertInstalledShop } from "../domain/shops/create-shop";
import { updateShopSettings } from "../domain/shops/update-shop-settings";
import { loadConfig, type AppConfig } from "../runtime/config";
import { currentSecretBoxOrThrow } from "../runtime/current-secret-box";
import { enqueueTrackingSync } from "./api/enqueue-tracking-sync.server";
import { db } from "./db.server";
import { EncryptedSessionStorage } from "./encrypted-session-storage.server";

/** The one Admin API version of the app; shopify.app.toml's [webhooks] api_version says the same. */
export const API_VERSION = ApiVersion.April26;

function createShopify(config: AppConfig) {
  return shopifyApp({
    apiKey: config.shopify.apiKey,
    apiSecretKey: config.shopify.apiSecret,
    appUrl: config.shopify.appUrl,
    scopes: config.shopify.scopes,
    apiVersion: API_VERSION,
    authPathPrefix: "/auth",
    sessionStorage: new EncryptedSessionStorage(() => new DrizzleSessionStoragePostgres(db(), shopifySessions), currentSecretBoxOrThrow),
    distribution: AppDistribution.AppStore,
    // The library logs a line at info level for every request it authenticates (each click beacon, each webhook).
    logger: { level: LogSeverity.Warning },
    hooks: {
      afterAuth: async ({ session }) => {
        const shop = await upsertInstalledShop(db(), session.shop);
        await updateShopSettings(db(), shop.id, await fetchShopSettings(adminGraphql(session.shop, session.accessToken!)));
        // A reinstall is a new app installation without the old one's metafields: write the tracking settings again.
        await enqueueTrackingSync(shop.id);
      },
    },
  });
}

type Shopify = ReturnType<typeof createShopify>;
let instance: { config: AppConfig; shopify: Shopify; database: ReturnType<typeof db> } | undefined;

/** Rebuilt when the process opens another database (tests start the app twice), so sessions never read a closed one. */
function lazyInstance() {
  if (!instance || instance.database !== db()) {
    const config = loadConfig();
    instance = { config, shopify: createShopify(config), database: db() };
  }
  return instance;
}

/** Built on first use, once server.ts has opened the database. */
export const shopify = (): Shopify => lazyInstance().shopify;
export const shopifyApiKey = (): string => lazyInstance().config.shopify.apiKey;
export const appConfig = (): AppConfig => lazyInstance().config;

export const authenticate = {
  admin: (request: Request) => shopify().authenticate.admin(request),
  webhook: (request: Request) => shopify().authenticate.webhook(request),
  public: {
    appProxy: (request: Request) => shopify().authenticate.public.appProxy(request),
  },
};
export const login = (request: Request) => shopify().login(request);
export const addDocumentResponseHeaders = (request: Request, headers: Headers) => shopify().addDocumentResponseHeaders(request, headers);
