import { http, HttpResponse } from "msw";
import { setupServer } from "msw/node";
import { setAbstractFetchFunc } from "@shopify/shopify-api/runtime";
import { API_VERSION } from "../../app/shopify.server";
import { loadConfig } from "../../runtime/config";

/** The access token Shopify issues to `shop` in these handlers: predictable, so a test can check what was sent. */
export const issuedAccessToken = (shop: string) =>
  `shpat_${shop.split(".")[0]}_installed`;

/**
 * Shopify's side of any store's first embedded admin request, for tests that install several stores and need nothing
 * else from the Admin API: the token exchange for an expiring offline token (shopify.dev "Exchange a session token for
 * an access token", `expiring: 1`) and the install hook's ShopSettings query (shapes of queries/shop and
 * queries/shopLocales, 2026-04).
 */
type OtherOperation = (
  body: { query: string; variables: Record<string, unknown> },
  request: Request,
  shop: string
) => Response | Promise<Response> | undefined;

export interface InstallAnswers {
  /** Answers any GraphQL operation other than ShopSettings; without it they are a 400. */
  extra?: OtherOperation;
  /** The store's currency by shop domain; USD when absent. */
  currencies?: Record<string, string>;
}

export function shopifyInstallHandlers({
  extra,
  currencies = {},
}: InstallAnswers = {}) {
  const scope = loadConfig().shopify.scopes.join(",");
  return [
    http.post(
      "https://:store.myshopify.com/admin/oauth/access_token",
      ({ params }) =>
        HttpResponse.json({
          access_token: issuedAccessToken(
            `${String(params.store)}.myshopify.com`
          ),
          expires_in: 86_400,
          refresh_token: `shprt_${String(params.store)}_installed`,
          refresh_token_expires_in: 7_776_000,
          scope,
        })
    ),
    http.post(
      `https://:store.myshopify.com/admin/api/${API_VERSION}/graphql.json`,
      async ({ params, request }) => {
        const shop = `${String(params.store)}.myshopify.com`;
        const body = (await request.clone().json()) as {
          query: string;
          variables: Record<string, unknown>;
        };
        if (body.query.includes("shopLocales")) {
          return HttpResponse.json({
            data: {
              shop: {
                currencyCode: currencies[shop] ?? "USD",
                ianaTimezone: "America/New_York",
                name: String(params.store),
                contactEmail: `owner@${shop}`,
                primaryDomain: { url: `https://${shop}`, host: shop },
              },
              shopLocales: [{ locale: "en", primary: true }],
            },
          });
        }
        const answer = await extra?.(body, request, shop);
        return (
          answer ??
          HttpResponse.json(
            { errors: [{ message: "unexpected operation" }] },
            { status: 400 }
          )
        );
      }
    ),
  ];
}

const LOCAL = /^https?:\/\/(127\.0\.0\.1|localhost)(:\d+)?\//;

/**
 * An msw server answering shopifyInstallHandlers, listening now: requests to the local app pass through, anything
 * else unexpected fails the test. The Shopify library keeps the fetch it found when it loaded, so it is pointed at
 * the current global fetch, which msw intercepts.
 */
export function listenForShopifyInstalls(answers: InstallAnswers = {}) {
  const server = setupServer(...shopifyInstallHandlers(answers));
  server.listen({
    onUnhandledFrame: ({ frame, defaults }) => {
      const url = (frame.data as { request?: Request }).request?.url ?? "";
      if (!LOCAL.test(url)) defaults.error();
    },
  });
  setAbstractFetchFunc((input, init) => globalThis.fetch(input, init));
  return server;
}
