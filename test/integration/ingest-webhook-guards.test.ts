import { currentSecretBoxOrThrow } from "../../runtime/current-secret-box";
import { and, count, eq, isNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiKeys, customers, inboundEvents, shops, transactions } from "../../db/schema/index";
import { createProviderConnection } from "../../domain/access/create-provider-connection";
import { createPartner } from "../../domain/partners/create-partner";
import { createProgram } from "../../domain/programs/create-program";
import { createShop, upsertInstalledShop } from "../../domain/shops/create-shop";
import type { Database } from "../../db/client";
import { loadConfig } from "../../runtime/config";
import type { RunningApp } from "../../runtime/start";
import { apiClient, shopWithKey } from "../helpers/api-client";
import { startTestApp } from "../helpers/app-server";
import { databaseKinds, targetFor } from "../helpers/databases";
import { orderId, shopifyFixtureBody, shopifyOrderBody, stripeInvoice } from "../helpers/ingest-fixtures";
import { shopifyWebhookHeaders } from "../helpers/shopify-signer";
import { signStripePayload, stripeEvent } from "../helpers/stripe-signer";
import { waitFor } from "../helpers/wait-for";

const SHOP_A = "guard-a.myshopify.com";
const SHOP_B = "guard-b.myshopify.com";

async function programFor(db: Database, shopId: string) {
  const { program } = await createProgram(db, shopId, {
    name: "Affiliates", type: "affiliate", currency: "USD", cookieDays: 30, attribution: "last_click", holdDays: 0, payoutThreshold: 0,
    commission: { kind: "percentage", percentBasisPoints: 1000 },
  });
  await createPartner(db, shopId, { programId: program.id, email: `ava@${shopId.slice(0, 8)}.example.com`, key: "AVA", status: "active" });
  return program;
}

/** The unsigned Shopify headers (topic, shop domain, event id) cannot redirect a signed body; billing events dedupe per connection. */
describe.each(databaseKinds)("webhook guards on %s", (kind) => {
  let app: RunningApp;
  let drop: () => Promise<void>;
  const ids: Record<string, string> = {};
  const keys: Record<string, string> = {};
  const secret = loadConfig().shopify.apiSecret;
  let counter = 0;

  /** A body signed with the app secret; `headers` override what Shopify's signature does not cover. */
  const postShopify = (path: string, body: string, options: { topic?: string; shop?: string; eventId?: string } = {}) =>
    fetch(`${app.url}/webhooks/${path}`, {
      method: "POST",
      headers: shopifyWebhookHeaders({ topic: options.topic ?? path, shop: options.shop ?? SHOP_A, body, secret, eventId: options.eventId ?? `guard-${kind}-${++counter}` }),
      body,
    });
  const db = () => app.database.db;
  const rowsOf = (externalId: string) => db().select().from(inboundEvents).where(eq(inboundEvents.externalId, externalId));
  const settled = (externalId: string) => waitFor(() => rowsOf(externalId), (rows) => rows.length > 0 && rows.every((r) => r.processedAt != null || r.abandonedAt != null));
  const storedCount = async () => (await db().select({ n: count() }).from(inboundEvents))[0]!.n;
  const rowCounts = async (shopId: string) => ({
    shop: (await db().select({ n: count() }).from(shops).where(eq(shops.id, shopId)))[0]!.n,
    customers: (await db().select({ n: count() }).from(customers).where(eq(customers.shopId, shopId)))[0]!.n,
    transactions: (await db().select({ n: count() }).from(transactions).where(eq(transactions.shopId, shopId)))[0]!.n,
    customer7101: (await db().select({ n: count() }).from(customers).where(and(eq(customers.shopId, shopId), eq(customers.key, "shopify:7101"))))[0]!.n,
    uninstalled: (await db().select({ at: shops.uninstalledAt }).from(shops).where(eq(shops.id, shopId)))[0]?.at ?? null,
  });

  beforeAll(async () => {
    const target = await targetFor(kind);
    drop = target.drop;
    app = await startTestApp({ database: target.target, worker: true });
    for (const [name, domain] of [["a", SHOP_A], ["b", SHOP_B]] as const) {
      const { shop, key } = await shopWithKey(db(), domain);
      ids[name] = shop.id;
      keys[name] = key;
      await programFor(db(), shop.id);
    }
  });
  afterAll(async () => {
    await app?.close();
    await drop?.();
  });

  it("stores one Stripe event per connection when one Stripe account is connected to two shops", async () => {
    const secrets = { a: "whsec_guard_a", b: "whsec_guard_b" };
    const connections = {
      a: (await createProviderConnection(db(), currentSecretBoxOrThrow(), { shopId: ids.a!, provider: "stripe", secret: secrets.a })).id,
      b: (await createProviderConnection(db(), currentSecretBoxOrThrow(), { shopId: ids.b!, provider: "stripe", secret: secrets.b })).id,
    };
    const eventId = `evt_shared_${kind}`;
    const body = JSON.stringify(stripeEvent("invoice.paid", stripeInvoice(`in_shared_${kind}`, { customer: "cus_shared", email: "shared@example.com", total: 2_500, reason: "subscription_create", referral: "AVA" }), { id: eventId }));
    const post = (shop: "a" | "b") =>
      fetch(`${app.url}/webhooks/billing/stripe/${connections[shop]}`, { method: "POST", headers: { "content-type": "application/json", "stripe-signature": signStripePayload(body, secrets[shop]) }, body });

    const first = { a: await (await post("a")).json(), b: await (await post("b")).json() };
    expect(first.a).toMatchObject({ received: true, duplicate: false });
    expect(first.b).toMatchObject({ received: true, duplicate: false });
    expect(first.a.id).not.toBe(first.b.id);
    const rows = await settled(eventId);
    expect(rows.map((r) => [r.shopId, r.dedupeScope, r.processedAt !== null]).sort()).toEqual(
      [[ids.a, `connection:${connections.a}`, true], [ids.b, `connection:${connections.b}`, true]].sort(),
    );
    for (const shop of ["a", "b"] as const) {
      const sales = await db().select().from(transactions).where(and(eq(transactions.shopId, ids[shop]!), eq(transactions.externalId, `in_shared_${kind}`)));
      expect(sales).toMatchObject([{ amount: 2_500, currency: "USD", attribution: { attributed: true } }]);
    }
    // A redelivery to one connection is a duplicate of that connection's event, never the other shop's.
    const again = await (await post("b")).json();
    expect(again).toEqual({ received: true, id: first.b.id, duplicate: true });
    expect((await rowsOf(eventId)).length).toBe(2);
  });

  it("accepts each topic only on its own route, naming X-Shopify-Topic, and stores nothing otherwise", async () => {
    const before = await storedCount();
    const order = shopifyOrderBody(1, { ref: "AVA" });
    const underOtherTopic = await postShopify("shop/redact", order, { topic: "orders/paid" });
    expect(underOtherTopic.status).toBe(400);
    expect((await underOtherTopic.json()).error).toContain("X-Shopify-Topic");
    const onOtherRoute = await postShopify("orders/paid", JSON.stringify({ shop_id: 1, shop_domain: SHOP_A }), { topic: "shop/redact" });
    expect(onOtherRoute.status).toBe(400);
    expect((await onOtherRoute.json()).error).toContain("X-Shopify-Topic");
    expect(await storedCount()).toBe(before);
  });

  it("refuses a signed GDPR or uninstall body re-posted under another shop's domain header; the other shop is untouched", async () => {
    // Shop B holds a customer and a sale the replayed bodies would erase.
    const order = shopifyOrderBody(101, { ref: "AVA", subtotal: "10.00", email: "kept@example.com", customer: 101 });
    const eventId = `guard-b-order-${kind}`;
    expect((await postShopify("orders/paid", order, { shop: SHOP_B, eventId })).status).toBe(200);
    await settled(eventId);
    const intact = await rowCounts(ids.b!);
    expect(intact).toMatchObject({ shop: 1, customer7101: 1, uninstalled: null });
    expect(intact.transactions).toBeGreaterThan(0);
    const before = await storedCount();

    const shopRedact = JSON.stringify({ ...JSON.parse(shopifyFixtureBody("shop_redact")), shop_domain: SHOP_A });
    const customerRedact = JSON.stringify({ ...JSON.parse(shopifyFixtureBody("customers_redact")), shop_domain: SHOP_A, customer: { id: 7101, email: "kept@example.com", phone: null } });
    const dataRequest = JSON.stringify({ ...JSON.parse(shopifyFixtureBody("customers_data_request")), shop_domain: SHOP_A, customer: { id: 7101, email: "kept@example.com", phone: null } });
    const uninstall = JSON.stringify({ ...JSON.parse(shopifyFixtureBody("app_uninstalled")), myshopify_domain: SHOP_A, domain: "guard-a.example.com" });
    for (const [topic, body] of [["shop/redact", shopRedact], ["customers/redact", customerRedact], ["customers/data_request", dataRequest], ["app/uninstalled", uninstall]]) {
      const response = await postShopify(topic!, body!, { shop: SHOP_B });
      expect(response.status, topic).toBe(400);
      expect((await response.json()).error).toContain("X-Shopify-Shop-Domain");
    }
    // A body that names no shop at all is refused too (Shopify always names it).
    const unnamed = await postShopify("shop/redact", JSON.stringify({ shop_id: 1 }), { shop: SHOP_B });
    expect(unnamed.status).toBe(400);
    expect((await unnamed.json()).error).toContain("shop_domain");
    // The same body with a forged signature for B: 401.
    const forged = await fetch(`${app.url}/webhooks/shop/redact`, {
      method: "POST",
      headers: shopifyWebhookHeaders({ topic: "shop/redact", shop: SHOP_B, body: shopRedact.replace(SHOP_A, SHOP_B), secret, eventId: `forged-${kind}` }),
      body: shopRedact,
    });
    expect(forged.status).toBe(401);

    expect(await storedCount()).toBe(before);
    expect(await rowCounts(ids.b!)).toEqual(intact);
    expect((await apiClient(app.url, keys.b!)("GET", "/api/v1/programs")).status).toBe(200);
  });

  it.each(["X-Shopify-API-Version", "X-Shopify-Webhook-Id", "X-Shopify-Topic"])("refuses a signed delivery without %s with 400 naming it, storing nothing", async (header) => {
    const before = await storedCount();
    const body = shopifyOrderBody(205);
    const headers = shopifyWebhookHeaders({ topic: "orders/paid", shop: SHOP_A, body, secret, eventId: `no-header-${kind}` });
    delete headers[header];
    const response = await fetch(`${app.url}/webhooks/orders/paid`, { method: "POST", headers, body });
    expect(response.status).toBe(400);
    expect((await response.json()).error).toContain(header);
    expect(await storedCount()).toBe(before);
  });

  it("revokes the shop's API keys on app/uninstalled, and a reinstall does not bring them back", async () => {
    const api = apiClient(app.url, keys.a!);
    expect((await api("GET", "/api/v1/programs")).status).toBe(200);
    const body = JSON.stringify({ ...JSON.parse(shopifyFixtureBody("app_uninstalled")), myshopify_domain: SHOP_A, domain: "guard-a.example.com" });
    const eventId = `uninstall-a-${kind}`;
    expect((await postShopify("app/uninstalled", body, { eventId })).status).toBe(200);
    await settled(eventId);
    expect((await api("GET", "/api/v1/programs")).status).toBe(401);
    const keyRows = await db().select().from(apiKeys).where(eq(apiKeys.shopId, ids.a!));
    expect(keyRows.length).toBeGreaterThan(0);
    expect(keyRows.every((k) => k.revokedAt !== null)).toBe(true);

    // The install path (afterAuth and the admin index) clears uninstalled_at; the old key stays revoked.
    const reinstalled = await upsertInstalledShop(db(), SHOP_A);
    expect(reinstalled).toMatchObject({ id: ids.a, uninstalledAt: null });
    expect((await api("GET", "/api/v1/programs")).status).toBe(401);
    expect((await apiClient(app.url, keys.b!)("GET", "/api/v1/programs")).status).toBe(200);
  });

  it("deletes on shop/redact the events stored for the shop's domain before the shop was known", async () => {
    const domain = `early-${kind}.myshopify.com`;
    const early = `early-order-${kind}`;
    const stranger = `stranger-order-${kind}`;
    expect((await postShopify("orders/paid", shopifyOrderBody(201), { shop: domain, eventId: early })).status).toBe(200);
    expect((await postShopify("orders/paid", shopifyOrderBody(202), { shop: `stranger-${kind}.myshopify.com`, eventId: stranger })).status).toBe(200);
    expect(await rowsOf(early)).toMatchObject([{ shopId: null, dedupeScope: `shop:${domain}`, ignoredReason: `unknown shop ${domain}` }]);
    const shop = await createShop(db(), { domain });
    // Known now (and its id cached by the receipt path): the next order is the shop's.
    expect((await postShopify("orders/paid", shopifyOrderBody(203), { shop: domain, eventId: `known-order-${kind}` })).status).toBe(200);
    expect(await rowsOf(`known-order-${kind}`)).toMatchObject([{ shopId: shop.id }]);
    const redactId = `early-redact-${kind}`;
    expect((await postShopify("shop/redact", JSON.stringify({ shop_id: 9, shop_domain: domain }), { shop: domain, eventId: redactId })).status).toBe(200);
    await waitFor(() => db().select().from(shops).where(eq(shops.id, shop.id)), (rows) => rows.length === 0);
    expect(await rowsOf(early)).toEqual([]);
    expect(await rowsOf(stranger)).toHaveLength(1);
    expect(await db().select().from(inboundEvents).where(and(isNull(inboundEvents.shopId), eq(inboundEvents.dedupeScope, `shop:${domain}`)))).toEqual([]);
    // Shop B's sale is still there.
    expect(await db().select().from(transactions).where(and(eq(transactions.shopId, ids.b!), eq(transactions.externalId, orderId(101))))).toHaveLength(1);
    // The deleted shop's cached id is gone with it: a late order is stored as an unknown shop's, not refused.
    expect((await postShopify("orders/paid", shopifyOrderBody(204), { shop: domain, eventId: `late-order-${kind}` })).status).toBe(200);
    expect(await rowsOf(`late-order-${kind}`)).toMatchObject([{ shopId: null, ignoredReason: `unknown shop ${domain}` }]);
  });
});
