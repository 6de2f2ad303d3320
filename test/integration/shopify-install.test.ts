import { API_KEY, API_SECRET_KEY } from "@shopify/shopify-api/test-helpers";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { shopifyAdminOfApp } from "../../connectors/shopify/admin-client";
import { rewardIssuerForShop } from "../../connectors/shopify/admin-graphql";
import { creditStoreCredit } from "../../connectors/shopify/credit-store-credit";
import { offlineSessionId } from "../../connectors/shopify/offline-sessions";
import { shopifySessions, shops } from "../../db/schema/index";
import { syncTrackingSettingsJob } from "../../jobs/sync-tracking-settings";
import { loadConfig, secretBoxOf } from "../../runtime/config";
import type { RunningApp } from "../../runtime/start";
import { createApiKey } from "../../domain/access/create-api-key";
import { apiClient } from "../helpers/api-client";
import { startTestApp } from "../helpers/app-server";
import { databaseKinds, targetFor } from "../helpers/databases";
import { installThroughAdmin, mockShopifyAdmin } from "../helpers/shopify-admin-mock";
import { shopifyWebhookHeaders } from "../helpers/shopify-signer";
import { waitFor } from "../helpers/wait-for";

// Not local mode: /app authenticates with App Bridge session tokens, as in a store's admin.
process.env.SHOPIFY_API_KEY = API_KEY;
process.env.SHOPIFY_API_SECRET = API_SECRET_KEY;

/** An API key of the shop the install created. */
const apiKeyOf = async (app: RunningApp, domain: string) => {
  const [shop] = await app.database.db.select().from(shops).where(eq(shops.domain, domain));
  return createApiKey(app.database.db, shop!.id);
};

/** A German store, as the ShopSettings query answers for it. */
const EUR_STORE = {
  shop: { currencyCode: "EUR", ianaTimezone: "Europe/Berlin", name: "Grüne Kiste", contactEmail: "owner@gruene-kiste.de", primaryDomain: { url: "https://gruene-kiste.de", host: "gruene-kiste.de" } },
  shopLocales: [{ locale: "en", primary: false }, { locale: "de", primary: true }],
};

const TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";
const program = { name: "Creators", type: "affiliate", currency: "USD", cookie_days: 30, attribution: "last_click", commission: { type: "percentage", percent: 10 } };

describe.each(databaseKinds)("installing from the Shopify admin through token exchange (%s)", (kind) => {
  const SHOP = `install-${kind}.myshopify.com`;
  let app: RunningApp;
  let drop: (() => Promise<void>) | undefined;
  let shopify: ReturnType<typeof mockShopifyAdmin>;

  beforeAll(async () => {
    shopify = mockShopifyAdmin(SHOP, { customerEmails: {}, settings: EUR_STORE });
    const target = await targetFor(kind);
    drop = target.drop;
    app = await startTestApp({ database: target.target, worker: true });
  }, 120_000);
  afterAll(async () => {
    shopify?.close();
    await app?.close();
    await drop?.();
  });

  const storedSession = async () => (await app.database.db.select().from(shopifySessions).where(eq(shopifySessions.id, offlineSessionId(SHOP))))[0];

  it("answers the first embedded load with the page, having traded the session token for an expiring offline token", async () => {
    const response = await installThroughAdmin(app.url, loadConfig(), SHOP);
    expect(response.status).toBe(200);
    expect(response.headers.get("location")).toBeNull();
    // Remix runs the layout's and the page's loaders at once: each may exchange the token on the very first load.
    expect(shopify.oauthCalls.length).toBeGreaterThan(0);
    for (const call of shopify.oauthCalls) expect(call).toEqual({ grantType: TOKEN_EXCHANGE, expiring: "1", refreshToken: undefined, status: 200 });
    const exchanges = shopify.oauthCalls.length;

    const row = await storedSession();
    expect(row).toMatchObject({ shop: SHOP, isOnline: false, accessToken: expect.stringMatching(/^enc:v1:/), refreshToken: expect.stringMatching(/^enc:v1:/) });
    expect(row!.accessToken).not.toContain(shopify.tokens.access!);
    expect(row!.expires!.getTime()).toBeGreaterThan(Date.now() + 50 * 60_000);
    const [shop] = await app.database.db.select().from(shops).where(eq(shops.domain, SHOP));
    expect(shop).toMatchObject({ domain: SHOP, uninstalledAt: null, currency: "EUR", timezone: "Europe/Berlin", locale: "de" });

    // A second load finds the session and exchanges nothing.
    expect((await installThroughAdmin(app.url, loadConfig(), SHOP)).status).toBe(200);
    expect(shopify.oauthCalls).toHaveLength(exchanges);
  });

  it("every Admin API call of the workers carries the plaintext offline token", async () => {
    const { key } = await apiKeyOf(app, SHOP);
    expect((await apiClient(app.url, key)("POST", "/api/v1/programs", program)).status).toBe(201);
    await waitFor(async () => shopify.of("TrackingMetafieldsSet").length, (count) => count >= 1, 30_000);

    const issuer = await rewardIssuerForShop(app.shopifyAdmin, SHOP);
    await issuer.createDiscountCode({ code: "FRIEND-AVA", title: "Friend of AVA", value: { percentBasisPoints: 1000 }, oncePerCustomer: true });
    await issuer.creditStoreCredit({ customerId: "115310627314723954", amount: 500, currency: "USD" });
    await creditStoreCredit(await app.shopifyAdmin.forShop(SHOP), { customerId: "115310627314723954", amount: "12.50", currency: "USD" });

    const operations = ["TrackingAppInstallation", "TrackingMetafieldsSet", "RewardDiscountCreate", "RewardStoreCredit", "AffiliatePayoutStoreCredit"];
    const calls = shopify.calls.filter((c) => operations.includes(c.operation));
    expect(new Set(calls.map((c) => c.operation))).toEqual(new Set(operations));
    for (const call of calls) expect(call.accessToken).toBe(shopify.tokens.access);
  });

  it("a token Shopify no longer accepts (401) is refreshed once and the call repeated", async () => {
    const before = shopify.tokens.access;
    shopify.revokeAccessTokens();
    const issuer = await rewardIssuerForShop(app.shopifyAdmin, SHOP);
    await expect(issuer.createDiscountCode({ code: "FRIEND-BEA", title: "Friend of BEA", value: { percentBasisPoints: 1000 }, oncePerCustomer: true })).resolves.toMatchObject({
      discountId: expect.stringMatching(/^gid:\/\/shopify\/DiscountCodeNode\//),
    });
    expect(shopify.tokens.access).not.toBe(before);
    expect(shopify.oauthCalls.filter((c) => c.grantType === "refresh_token")).toHaveLength(1);
    expect(shopify.of("RewardDiscountCreate").at(-1)!.accessToken).toBe(shopify.tokens.access);
  });

  it("app/scopes_update keeps the stored scope current (payload as in Shopify's webhook reference)", async () => {
    const current = [...loadConfig().shopify.scopes, "read_themes"];
    const body = JSON.stringify({ id: 1, previous: loadConfig().shopify.scopes, current, updated_at: new Date().toISOString(), shop_id: 548380009 });
    const send = (secret: string) =>
      fetch(`${app.url}/webhooks/app/scopes_update`, { method: "POST", headers: shopifyWebhookHeaders({ topic: "app/scopes_update", shop: SHOP, body, secret }), body });
    expect((await send("not-the-app-secret")).status).toBe(401);
    expect((await storedSession())!.scope).toBe(loadConfig().shopify.scopes.join(","));
    expect((await send(API_SECRET_KEY)).status).toBe(200);
    expect((await storedSession())!.scope).toBe(current.join(","));
    expect((await storedSession())!.accessToken).toMatch(/^enc:v1:/);
  });

  it("a throttled call (GraphQL THROTTLED) is repeated after a wait", async () => {
    shopify.state.throttleNext = 2;
    const issuer = await rewardIssuerForShop(app.shopifyAdmin, SHOP);
    await expect(issuer.creditStoreCredit({ customerId: "115310627314723954", amount: 100, currency: "USD" })).resolves.toMatchObject({ transactionId: expect.any(String) });
    expect(shopify.state.throttleNext).toBe(0);
  });
});

// PGlite runs one transaction at a time and would hide the race: 50 jobs on pooled PostgreSQL connections.
describe("an expired offline token, needed by 50 jobs at once (postgres)", () => {
  const SHOP = "expiring.myshopify.com";
  let app: RunningApp;
  let drop: (() => Promise<void>) | undefined;
  let shopify: ReturnType<typeof mockShopifyAdmin>;

  beforeAll(async () => {
    // The install's access token expires a second after it is issued; the refreshed ones live an hour.
    shopify = mockShopifyAdmin(SHOP, { customerEmails: {}, accessTokenLifetimeSeconds: 1 });
    const target = await targetFor("postgres");
    drop = target.drop;
    app = await startTestApp({ database: target.target, worker: false });
    expect((await installThroughAdmin(app.url, loadConfig(), SHOP)).status).toBe(200);
    shopify.state.accessTokenLifetimeSeconds = 3600;
  }, 120_000);
  afterAll(async () => {
    shopify?.close();
    await app?.close();
    await drop?.();
  });

  it("is refreshed exactly once; every job succeeds with the new token and the rotated refresh token is stored", async () => {
    const { key } = await apiKeyOf(app, SHOP);
    expect((await apiClient(app.url, key)("POST", "/api/v1/programs", program)).status).toBe(201);
    const [shop] = await app.database.db.select().from(shops).where(eq(shops.domain, SHOP));
    const installed = { access: shopify.tokens.access, refresh: shopify.tokens.refresh };
    const oauthBefore = shopify.oauthCalls.length;
    await new Promise((resolve) => setTimeout(resolve, 1_100));

    const context = { db: app.database.db, attempt: 1, isLastAttempt: false, producer: app.producer, shopifyAdmin: app.shopifyAdmin, log: () => undefined };
    const results = await Promise.all(Array.from({ length: 50 }, () => syncTrackingSettingsJob.handle({ shopId: shop!.id }, context)));

    expect(results).toEqual(Array.from({ length: 50 }, () => ({ written: true })));
    const refreshes = shopify.oauthCalls.slice(oauthBefore);
    expect(refreshes).toEqual([{ grantType: "refresh_token", expiring: undefined, refreshToken: installed.refresh, status: 200 }]);
    const written = shopify.of("TrackingMetafieldsSet").slice(-50);
    expect(written.map((c) => c.accessToken)).toEqual(Array.from({ length: 50 }, () => shopify.tokens.access));
    expect(shopify.tokens.access).not.toBe(installed.access);

    const config = loadConfig();
    const stored = await shopifyAdminOfApp(config.shopify, () => app.database.db, () => secretBoxOf(config)).sessions.loadSession(offlineSessionId(SHOP));
    expect(stored).toMatchObject({ accessToken: shopify.tokens.access, refreshToken: shopify.tokens.refresh });
    const row = (await app.database.db.select().from(shopifySessions).where(eq(shopifySessions.id, offlineSessionId(SHOP))))[0]!;
    expect(row.refreshToken).toMatch(/^enc:v1:/);
    expect(row.expires!.getTime()).toBeGreaterThan(Date.now() + 50 * 60_000);
    expect(shopify.oauthCalls).toHaveLength(oauthBefore + 1);
  });
});
