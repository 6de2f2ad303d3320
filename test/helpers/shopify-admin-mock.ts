import { http, HttpResponse } from "msw";
import { setupServer } from "msw/node";
import { RequestedTokenType } from "@shopify/shopify-api";
import { shopifyAdminOfApp, type ShopifyAdmin } from "../../connectors/shopify/admin-client";
import { shopifyLibrary } from "../../connectors/shopify/shopify-api";
import type { Database } from "../../db/client";
import { loadConfig, secretBoxOf, type AppConfig } from "../../runtime/config";
import { embeddedAppUrl, shopifySessionToken } from "./shopify-session-token";

export interface OAuthCall {
  grantType: string;
  expiring?: string;
  refreshToken?: string;
  status: number;
}

export interface AdminCall {
  operation: string;
  variables: Record<string, unknown>;
  accessToken: string | null;
}

const LOCAL = /^https?:\/\/(127\.0\.0\.1|localhost)(:\d+)?\//;

/** Shopify's answer to a request whose access token it does not know (Admin API, HTTP 401). */
const INVALID_TOKEN = { errors: "[API] Invalid API key or access token (unrecognized login or wrong password)" };

/**
 * One shop of Shopify, mocked with msw: its OAuth token endpoint (token exchange for an expiring offline token,
 * and refresh, where a refresh token works once: shopify.dev "Expiring offline access tokens") and its Admin
 * GraphQL API (discount codes, store credit, customer emails, the app installation's metafields), which accepts
 * only the access token it issued last.
 * Requests to the local app pass through; anything else unexpected fails the test.
 */
export function mockShopifyAdmin(shop: string, options: { customerEmails: Record<string, string>; accessTokenLifetimeSeconds?: number; settings?: ShopSettingsAnswer }) {
  const calls: AdminCall[] = [];
  const oauthCalls: OAuthCall[] = [];
  /** While true, discount creation answers a user error (Shopify refusing it; nothing created). */
  const state = { refuseDiscounts: false, failMetafieldsSet: 0, throttleNext: 0, accessTokenLifetimeSeconds: options.accessTokenLifetimeSeconds ?? 3600 };
  /** The last tokens issued; Shopify accepts every access token it issued and has not revoked, and each refresh token once. */
  const tokens = { issued: 0, access: undefined as string | undefined, refresh: undefined as string | undefined };
  const validAccess = new Set<string>();
  const unusedRefresh = new Set<string>();
  const issueTokens = (scope: string) => {
    tokens.issued += 1;
    tokens.access = `shpat_${shop.split(".")[0]}_${tokens.issued}`;
    tokens.refresh = `shprt_${shop.split(".")[0]}_${tokens.issued}`;
    validAccess.add(tokens.access);
    unusedRefresh.add(tokens.refresh);
    return { access_token: tokens.access, expires_in: state.accessTokenLifetimeSeconds, refresh_token: tokens.refresh, refresh_token_expires_in: 7_776_000, scope };
  };
  let counter = 0;
  const server = setupServer(
    http.post(`https://${shop}/admin/oauth/access_token`, async ({ request }) => {
      const body = (await request.json()) as Record<string, string>;
      const answer = (status: number, json: object) => {
        oauthCalls.push({ grantType: body.grant_type!, expiring: body.expiring, refreshToken: body.refresh_token, status });
        return HttpResponse.json(json, { status });
      };
      if (body.grant_type === "urn:ietf:params:oauth:grant-type:token-exchange") return answer(200, issueTokens(SCOPES));
      if (body.grant_type === "refresh_token") {
        if (!body.refresh_token || !unusedRefresh.delete(body.refresh_token)) return answer(400, { error: "invalid_grant", error_description: "The refresh token is invalid or was already used" });
        return answer(200, issueTokens(SCOPES));
      }
      return answer(400, { error: "unsupported_grant_type" });
    }),
    http.post(`https://${shop}/admin/api/2026-04/graphql.json`, async ({ request }) => {
      const body = (await request.json()) as { query: string; variables: Record<string, unknown> };
      const operation = body.query.match(/(?:mutation|query)\s+(\w+)/)?.[1] ?? "unknown";
      const accessToken = request.headers.get("x-shopify-access-token");
      calls.push({ operation, variables: body.variables, accessToken });
      if (!accessToken || !validAccess.has(accessToken)) return HttpResponse.json(INVALID_TOKEN, { status: 401 });
      if (state.throttleNext > 0) {
        state.throttleNext -= 1;
        return HttpResponse.json({ errors: [{ message: "Throttled", extensions: { code: "THROTTLED", documentation: "https://shopify.dev/api/usage/rate-limits" } }] });
      }
      const id = ++counter;
      if (operation === "ShopSettings") return HttpResponse.json({ data: options.settings ?? usdShop(shop) });
      if (operation === "ReferrerEmail") {
        const customerId = String(body.variables.id).split("/").pop()!;
        return HttpResponse.json({ data: { customer: { defaultEmailAddress: { emailAddress: options.customerEmails[customerId] ?? null } } } });
      }
      if (operation === "RewardDiscountCreate") {
        if (state.refuseDiscounts) {
          return HttpResponse.json({ data: { discountCodeBasicCreate: { codeDiscountNode: null, userErrors: [{ field: ["basicCodeDiscount", "code"], message: "Code must be unique", code: "TAKEN" }] } } });
        }
        return HttpResponse.json({ data: { discountCodeBasicCreate: { codeDiscountNode: { id: `gid://shopify/DiscountCodeNode/${id}` }, userErrors: [] } } });
      }
      if (operation === "TrackingAppInstallation") {
        return HttpResponse.json({ data: { currentAppInstallation: { id: "gid://shopify/AppInstallation/4242" } } });
      }
      if (operation === "TrackingMetafieldsSet") {
        if (state.failMetafieldsSet > 0) {
          state.failMetafieldsSet -= 1;
          return HttpResponse.json({ errors: [{ message: "Throttled" }] }, { status: 503 });
        }
        return HttpResponse.json({ data: { metafieldsSet: { metafields: [{ id: `gid://shopify/Metafield/${id}` }], userErrors: [] } } });
      }
      if (operation === "RewardStoreCredit" || operation === "AffiliatePayoutStoreCredit") {
        return HttpResponse.json({ data: { storeCreditAccountCredit: { storeCreditAccountTransaction: { id: `gid://shopify/StoreCreditAccountCreditTransaction/${id}` }, userErrors: [] } } });
      }
      return HttpResponse.json({ errors: [{ message: `unexpected operation ${operation}` }] }, { status: 400 });
    }),
  );
  server.listen({
    onUnhandledFrame: ({ frame, defaults }) => {
      const url = (frame.data as { request?: Request }).request?.url ?? "";
      if (!LOCAL.test(url)) defaults.error();
    },
  });
  return {
    calls,
    oauthCalls,
    state,
    tokens,
    /** Shopify revokes the access tokens it issued (it answers 401 to them from now on); refresh tokens stay valid. */
    revokeAccessTokens: () => validAccess.clear(),
    close: () => server.close(),
    of: (operation: string) => calls.filter((c) => c.operation === operation),
  };
}

/** The answer to the app's ShopSettings query: shape of shopify.dev/docs/api/admin-graphql/2026-04/queries/shop and queries/shopLocales. */
export interface ShopSettingsAnswer {
  shop: { currencyCode: string; ianaTimezone: string; name: string; contactEmail: string | null; primaryDomain: { url: string; host: string } | null };
  shopLocales: { locale: string; primary: boolean }[];
}

const usdShop = (shop: string): ShopSettingsAnswer => ({
  shop: { currencyCode: "USD", ianaTimezone: "America/New_York", name: "Test store", contactEmail: `owner@${shop}`, primaryDomain: { url: `https://${shop}`, host: shop } },
  shopLocales: [{ locale: "en", primary: true }],
});

const BROWSER_USER_AGENT = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";

/** Shopify grants what the app's configuration asks for. */
const SCOPES = loadConfig().shopify.scopes.join(",");

/**
 * Installs the app on the shop as Shopify's admin does: its first embedded load of /app carries a session token,
 * the app trades it for an expiring offline token (answered by mockShopifyAdmin) and the library stores the session
 * through the app's encrypted storage. The app must run with Shopify credentials (not local mode).
 */
export async function installThroughAdmin(appUrl: string, config: Pick<AppConfig, "shopify">, shop: string): Promise<Response> {
  const idToken = shopifySessionToken({ shop, apiKey: config.shopify.apiKey, apiSecret: config.shopify.apiSecret });
  // The library turns bots away (410); the admin's iframe is a browser.
  return fetch(embeddedAppUrl(appUrl, "/app", shop, idToken), { redirect: "manual", headers: { "User-Agent": BROWSER_USER_AGENT } });
}

/**
 * The same install for tests that run the app's workers or domain without its web server (or in local mode, where
 * /app needs no Shopify login): the Shopify library's token exchange (RequestedTokenType offline, expiring), answered
 * by mockShopifyAdmin, stored through the app's own encrypted session storage, as TokenExchangeStrategy does.
 */
export async function installByTokenExchange(config: AppConfig, db: Database, shop: string): Promise<void> {
  const library = shopifyLibrary(config.shopify);
  const sessionToken = shopifySessionToken({ shop, apiKey: config.shopify.apiKey, apiSecret: config.shopify.apiSecret });
  const { session } = await library.auth.tokenExchange({ shop, sessionToken, requestedTokenType: RequestedTokenType.OfflineAccessToken, expiring: true });
  const box = secretBoxOf(config);
  await shopifyAdminOfApp(config.shopify, () => db, () => box).sessions.storeSession(session);
}

/** The Admin API client the app builds for these credentials, database and key (what a worker gets in its JobContext). */
export const shopifyAdminFor = (config: AppConfig, db: Database): ShopifyAdmin => {
  const box = secretBoxOf(config);
  return shopifyAdminOfApp(config.shopify, () => db, () => box).admin;
};
