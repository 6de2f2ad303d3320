import { http, HttpResponse } from "msw";
import { setupServer } from "msw/node";
import type { Database } from "../../db/client";
import { shopifySessions } from "../../db/schema/index";
import { loadConfig } from "../../runtime/config";

export interface AdminCall {
  operation: string;
  variables: Record<string, unknown>;
  accessToken: string | null;
}

const LOCAL = /^https?:\/\/(127\.0\.0\.1|localhost)(:\d+)?\//;

/**
 * The Shopify Admin GraphQL API of one shop, mocked with msw: discount codes, store credit, customer emails and
 * the app installation's metafields.
 * Requests to the local app pass through; anything else unexpected fails the test.
 */
export function mockShopifyAdmin(shop: string, options: { customerEmails: Record<string, string> }) {
  const calls: AdminCall[] = [];
  /** While true, discount creation answers a user error (Shopify refusing it; nothing created). */
  const state = { refuseDiscounts: false, failMetafieldsSet: 0 };
  let counter = 0;
  const server = setupServer(
    http.post(`https://${shop}/admin/api/2026-04/graphql.json`, async ({ request }) => {
      const body = (await request.json()) as { query: string; variables: Record<string, unknown> };
      const operation = body.query.match(/(?:mutation|query)\s+(\w+)/)?.[1] ?? "unknown";
      calls.push({ operation, variables: body.variables, accessToken: request.headers.get("x-shopify-access-token") });
      const id = ++counter;
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
      if (operation === "RewardStoreCredit") {
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
  return { calls, state, close: () => server.close(), of: (operation: string) => calls.filter((c) => c.operation === operation) };
}

/** What the Shopify library stores at install: the shop's offline session, whose token the Admin client uses. */
export async function installOfflineSession(db: Database, shop: string, accessToken: string): Promise<void> {
  await db.insert(shopifySessions).values({ id: `offline_${shop}`, shop, state: "installed", isOnline: false, scope: loadConfig().shopify.scopes.join(","), accessToken });
}
