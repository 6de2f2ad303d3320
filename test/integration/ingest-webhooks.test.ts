import { and, count, eq, isNotNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { commissions, couponCodes, customers, dataRequests, inboundEvents, shops, transactions } from "../../db/schema/index";
import { createProviderConnection } from "../../domain/access/create-provider-connection";
import { registerPartnerCoupon } from "../../domain/coupons/register-partner-coupon";
import { createPartner } from "../../domain/partners/create-partner";
import { createProgram } from "../../domain/programs/create-program";
import { loadConfig } from "../../runtime/config";
import { currentSecretBoxOrThrow } from "../../runtime/current-secret-box";
import type { RunningApp } from "../../runtime/start";
import { apiClient, shopWithKey } from "../helpers/api-client";
import { startTestApp } from "../helpers/app-server";
import { databaseKinds, targetFor } from "../helpers/databases";
import { orderId, shopifyFixtureBody, shopifyOrderBody, shopifyRefundBody, stripeInvoice } from "../helpers/ingest-fixtures";
import { shopifyWebhookHeaders } from "../helpers/shopify-signer";
import { waitFor } from "../helpers/wait-for";
import { signStripePayload, stripeEvent } from "../helpers/stripe-signer";

const SHOP = "ingest.myshopify.com";
const STRIPE_SECRET = "whsec_test_ingest_secret";

describe.each(databaseKinds)("webhooks in, commissions out, on %s", (kind) => {
  let app: RunningApp;
  let drop: () => Promise<void>;
  let shopId: string;
  let connectionId: string;
  let api: ReturnType<typeof apiClient>;
  const secret = loadConfig().shopify.apiSecret;
  let eventCounter = 0;

  const postShopify = (topic: string, body: string, options: { eventId?: string; secret?: string; shop?: string; headers?: Record<string, string> } = {}) =>
    fetch(`${app.url}/webhooks/${topic}`, {
      method: "POST",
      headers: {
        ...shopifyWebhookHeaders({ topic, shop: options.shop ?? SHOP, body, secret: options.secret ?? secret, eventId: options.eventId ?? `evt-${kind}-${++eventCounter}` }),
        ...options.headers,
      },
      body,
    });
  const postStripe = (body: string, signature: string | null) =>
    fetch(`${app.url}/webhooks/billing/stripe/${connectionId}`, {
      method: "POST",
      headers: { "content-type": "application/json", ...(signature ? { "stripe-signature": signature } : {}) },
      body,
    });
  const storedCount = async () => (await app.database.db.select({ n: count() }).from(inboundEvents))[0]!.n;
  const processed = (externalId: string) =>
    waitFor(
      () => app.database.db.select().from(inboundEvents).where(eq(inboundEvents.externalId, externalId)),
      (rows) => rows[0]?.processedAt != null || rows[0]?.abandonedAt != null,
    );
  const saleOf = async (externalId: string) => {
    const [sale] = await app.database.db.select().from(transactions).where(and(eq(transactions.shopId, shopId), eq(transactions.externalId, externalId)));
    const earned = sale ? await app.database.db.select().from(commissions).where(eq(commissions.transactionId, sale.id)) : [];
    return { sale, earned };
  };

  beforeAll(async () => {
    const target = await targetFor(kind);
    drop = target.drop;
    app = await startTestApp({ database: target.target, worker: true });
    const { shop, key } = await shopWithKey(app.database.db, SHOP);
    shopId = shop.id;
    api = apiClient(app.url, key);
    const { program } = await createProgram(app.database.db, shop.id, {
      name: "Affiliates", type: "affiliate", currency: "USD", cookieDays: 30, attribution: "last_click", holdDays: 0, payoutThreshold: 0,
      commission: { kind: "percentage", percentBasisPoints: 1000 }, recurring: { maxPayments: 12 },
    });
    const { partner } = await createPartner(app.database.db, shop.id, { programId: program.id, email: "ava@example.com", key: "AVA", status: "active" });
    await createPartner(app.database.db, shop.id, { programId: program.id, email: "noah@example.com", key: "NOAH", status: "active" });
    await registerPartnerCoupon(app.database.db, shop.id, { programId: program.id, partnerId: partner.id, code: "AVA10" });
    connectionId = (await createProviderConnection(app.database.db, currentSecretBoxOrThrow(), { shopId: shop.id, provider: "stripe", secret: STRIPE_SECRET })).id;
  });
  afterAll(async () => {
    await app?.close();
    await drop?.();
  });

  describe("Shopify", () => {
    it("credits an order carrying the tracking script's referral key, with exact money from strings", async () => {
      const response = await postShopify("orders/paid", shopifyOrderBody(1, { ref: "AVA", subtotal: "414.95" }), { eventId: `paid-1-${kind}` });
      expect(response.status).toBe(200);
      await processed(`paid-1-${kind}`);
      const { sale, earned } = await saleOf(orderId(1));
      expect(sale).toMatchObject({ amount: 41_495, currency: "USD", type: "sale", attribution: { attributed: true, evidence: "referral_key" } });
      expect(earned.map((c) => c.amount)).toEqual([4_150]);
    });

    it("credits the partner whose coupon was used, over a referral key", async () => {
      await postShopify("orders/paid", shopifyOrderBody(2, { ref: "NOAH", code: "ava10", subtotal: "100.00" }), { eventId: `paid-2-${kind}` });
      await processed(`paid-2-${kind}`);
      const { sale, earned } = await saleOf(orderId(2));
      expect(sale!.attribution).toMatchObject({ attributed: true, evidence: "coupon" });
      expect(earned.map((c) => c.amount)).toEqual([1_000]);
    });

    it("answers a duplicate delivery 200 and changes nothing", async () => {
      const body = shopifyOrderBody(1, { ref: "AVA" });
      const again = await postShopify("orders/paid", body, { eventId: `paid-1-${kind}` });
      expect(again.status).toBe(200);
      expect(await again.json()).toMatchObject({ duplicate: true });
      // A retry of the same order under a new event id is deduplicated by the order id.
      await postShopify("orders/paid", body, { eventId: `paid-1-retry-${kind}` });
      await processed(`paid-1-retry-${kind}`);
      const rows = await app.database.db.select().from(transactions).where(eq(transactions.externalId, orderId(1)));
      expect(rows).toHaveLength(1);
      expect((await saleOf(orderId(1))).earned).toHaveLength(1);
    });

    it("recognises a renewal from any subscription app by its source", async () => {
      await postShopify("orders/paid", shopifyOrderBody(3, { ref: "AVA", subtotal: "20.00", email: "sub@example.com", customer: 3 }), { eventId: `sub-1-${kind}` });
      await postShopify("orders/paid", shopifyOrderBody(4, { subtotal: "20.00", email: "sub@example.com", sourceName: "subscription_contract_checkout_one", customer: 3 }), { eventId: `sub-2-${kind}` });
      await processed(`sub-1-${kind}`);
      await processed(`sub-2-${kind}`);
      const renewal = await saleOf(orderId(4));
      expect(renewal.sale).toMatchObject({ type: "renewal", attribution: { evidence: "customer_binding" } });
      expect(renewal.earned.map((c) => c.amount)).toEqual([200]);
    });

    it("converges when a refund arrives before its order", async () => {
      await postShopify("refunds/create", shopifyRefundBody(5, 1, "25.00"), { eventId: `refund-5-${kind}` });
      await processed(`refund-5-${kind}`);
      await postShopify("orders/paid", shopifyOrderBody(5, { ref: "AVA", subtotal: "100.00" }), { eventId: `paid-5-${kind}` });
      await processed(`paid-5-${kind}`);
      const { earned } = await saleOf(orderId(5));
      const reversals = await app.database.db.select().from(commissions).where(eq(commissions.reversesCommissionId, earned[0]!.id));
      expect(earned[0]!.amount).toBe(1_000);
      expect(reversals.map((r) => r.amount)).toEqual([250]);
    });

    it("converges when an order arrives before the signup that binds its customer", async () => {
      await postShopify("orders/paid", shopifyOrderBody(9, { subtotal: "60.00", email: "late@example.com" }), { eventId: `paid-9-${kind}` });
      await processed(`paid-9-${kind}`);
      expect((await saleOf(orderId(9))).sale!.attribution).toMatchObject({ attributed: false, reason: "no_evidence" });
      const signup = JSON.parse(shopifyFixtureBody("customers_create"));
      Object.assign(signup, { admin_graphql_api_id: "gid://shopify/Customer/7009", email: "late@example.com", tags: "vip, affiliate:AVA", created_at: "2020-01-01T00:00:00Z", updated_at: "2020-01-01T00:00:00Z" });
      await postShopify("customers/create", JSON.stringify(signup), { eventId: `signup-9-${kind}` });
      await processed(`signup-9-${kind}`);
      const { sale, earned } = await saleOf(orderId(9));
      expect(sale!.attribution).toMatchObject({ attributed: true, evidence: "customer_binding" });
      expect(earned.map((c) => c.amount)).toEqual([600]);
    });

    it("reverses what remains when an order is cancelled", async () => {
      await postShopify("orders/paid", shopifyOrderBody(6, { ref: "AVA", subtotal: "80.00" }), { eventId: `paid-6-${kind}` });
      await processed(`paid-6-${kind}`);
      const cancelled = JSON.parse(shopifyFixtureBody("orders_cancelled"));
      cancelled.admin_graphql_api_id = `gid://shopify/Order/${orderId(6)}`;
      await postShopify("orders/cancelled", JSON.stringify(cancelled), { eventId: `cancel-6-${kind}` });
      await processed(`cancel-6-${kind}`);
      const { earned } = await saleOf(orderId(6));
      const [row] = await app.database.db.select().from(commissions).where(eq(commissions.id, earned[0]!.id));
      expect(row!.status).toBe("reversed");
    });

    it.each([
      ["a forged HMAC", { secret: "not-the-secret" }, 401],
      ["a missing HMAC", { headers: { "X-Shopify-Hmac-Sha256": "" } }, 401],
    ])("rejects %s with 401 and stores nothing, GDPR topics included", async (_name, options, status) => {
      const before = await storedCount();
      for (const topic of ["orders/paid", "customers/redact", "shop/redact"]) {
        const response = await postShopify(topic, shopifyOrderBody(90), options as Record<string, string>);
        expect(response.status).toBe(status);
      }
      expect(await storedCount()).toBe(before);
    });

    it("rejects malformed JSON and bodies over 2 MB with 400, storing nothing", async () => {
      const before = await storedCount();
      expect((await postShopify("orders/paid", "{not json")).status).toBe(400);
      expect((await postShopify("orders/paid", JSON.stringify({ pad: "x".repeat(2 * 1024 * 1024 + 10) }))).status).toBe(400);
      expect(await storedCount()).toBe(before);
    });

    it("stores a delivery for an unknown shop as ignored and answers 200", async () => {
      const response = await postShopify("orders/paid", shopifyOrderBody(91), { shop: "stranger.myshopify.com", eventId: `stranger-${kind}` });
      expect(response.status).toBe(200);
      const [row] = await app.database.db.select().from(inboundEvents).where(eq(inboundEvents.externalId, `stranger-${kind}`));
      expect(row).toMatchObject({ shopId: null, ignoredReason: "unknown shop stranger.myshopify.com" });
      expect(row!.processedAt).not.toBeNull();
    });

    it("answers a data request with what it holds and redacts a customer's personal data but keeps money rows", async () => {
      const request = JSON.parse(shopifyFixtureBody("customers_data_request"));
      request.shop_domain = SHOP;
      request.customer = { id: 7001, email: "buyer1@example.com", phone: null };
      await postShopify("customers/data_request", JSON.stringify(request), { eventId: `gdpr-req-${kind}` });
      await processed(`gdpr-req-${kind}`);
      const [report] = await app.database.db.select().from(dataRequests).where(eq(dataRequests.shopId, shopId));
      expect(report!.report).toMatchObject({ customer: { email: "buyer1@example.com" } });

      const redact = JSON.parse(shopifyFixtureBody("customers_redact"));
      redact.shop_domain = SHOP;
      redact.customer = { id: 7001, email: "buyer1@example.com", phone: null };
      await postShopify("customers/redact", JSON.stringify(redact), { eventId: `gdpr-redact-${kind}` });
      await processed(`gdpr-redact-${kind}`);
      const redacted = await app.database.db.select().from(customers).where(and(eq(customers.shopId, shopId), isNotNull(customers.redactedAt)));
      expect(redacted).toHaveLength(1);
      expect(redacted[0]).toMatchObject({ email: null, name: null });
      expect((await saleOf(orderId(1))).sale!.amount).toBe(41_495);
    });

    it("keeps partner codes in sync when a discount is deleted", async () => {
      const deleted = { admin_graphql_api_id: "gid://shopify/DiscountCodeNode/555" };
      await app.database.db.update(couponCodes).set({ externalId: deleted.admin_graphql_api_id }).where(eq(couponCodes.codeNormalized, "AVA10"));
      await postShopify("discounts/delete", JSON.stringify(deleted), { eventId: `disc-del-${kind}` });
      await processed(`disc-del-${kind}`);
      const [code] = await app.database.db.select().from(couponCodes).where(eq(couponCodes.codeNormalized, "AVA10"));
      expect(code!.deletedAt).not.toBeNull();
      await postShopify("orders/paid", shopifyOrderBody(7, { code: "AVA10", subtotal: "50.00" }), { eventId: `paid-7-${kind}` });
      await processed(`paid-7-${kind}`);
      expect((await saleOf(orderId(7))).sale!.attribution).toMatchObject({ attributed: false, reason: "unknown_coupon" });
    });
  });

  describe("Stripe", () => {
    const invoiceEvent = (id: string, reason: "subscription_create" | "subscription_cycle", referral?: string) =>
      JSON.stringify(stripeEvent("invoice.paid", stripeInvoice(`in_${id}_${kind}`, { customer: `cus_${kind}`, email: "saas@example.com", total: 4_900, reason, referral }), { id: `evt_${id}_${kind}` }));

    it("records a first invoice as a sale credited through metadata, and a renewal through the binding", async () => {
      const first = invoiceEvent("first", "subscription_create", "NOAH");
      expect((await postStripe(first, signStripePayload(first, STRIPE_SECRET))).status).toBe(200);
      await processed(`evt_first_${kind}`);
      // A renewal is billed a period after the first invoice, so it arrives after it has been applied.
      const renewal = invoiceEvent("second", "subscription_cycle");
      expect((await postStripe(renewal, signStripePayload(renewal, STRIPE_SECRET))).status).toBe(200);
      await processed(`evt_second_${kind}`);
      const sale = await saleOf(`in_first_${kind}`);
      const renewed = await saleOf(`in_second_${kind}`);
      expect(sale.sale).toMatchObject({ type: "sale", amount: 4_900, attribution: { attributed: true } });
      expect(renewed.sale).toMatchObject({ type: "renewal", attribution: { evidence: "customer_binding" } });
      expect([...sale.earned, ...renewed.earned].map((c) => c.amount)).toEqual([490, 490]);
    });

    it.each([
      ["a forged signature", (body: string) => signStripePayload(body, "whsec_wrong")],
      ["a stale timestamp", (body: string) => signStripePayload(body, STRIPE_SECRET, Math.floor(Date.now() / 1000) - 301)],
      ["no signature", () => null],
    ])("rejects %s with 401, storing nothing", async (_name, sign) => {
      const before = await storedCount();
      const body = invoiceEvent("forged", "subscription_create");
      expect((await postStripe(body, sign(body))).status).toBe(401);
      expect(await storedCount()).toBe(before);
    });

    it("rejects a signed body that is not JSON with 400, and an unknown connection with 404", async () => {
      const body = "{not json";
      expect((await postStripe(body, signStripePayload(body, STRIPE_SECRET))).status).toBe(400);
      const response = await fetch(`${app.url}/webhooks/billing/stripe/00000000-0000-4000-8000-000000000000`, { method: "POST", body: "{}" });
      expect(response.status).toBe(404);
    });
  });

  describe("shop lifecycle", () => {
    it("marks the shop uninstalled on app/uninstalled, after which its API keys stop working", async () => {
      const body = JSON.stringify({ ...JSON.parse(shopifyFixtureBody("app_uninstalled")), myshopify_domain: SHOP });
      expect((await postShopify("app/uninstalled", body, { eventId: `uninstall-${kind}` })).status).toBe(200);
      await processed(`uninstall-${kind}`);
      const [shop] = await app.database.db.select().from(shops).where(eq(shops.id, shopId));
      expect(shop!.uninstalledAt).not.toBeNull();
      expect((await api("GET", "/api/v1/programs")).status).toBe(401);
    });

    it("deletes every row of the shop on shop/redact, money rows included", async () => {
      const body = JSON.stringify({ ...JSON.parse(shopifyFixtureBody("shop_redact")), shop_domain: SHOP });
      expect((await postShopify("shop/redact", body, { eventId: `redact-shop-${kind}` })).status).toBe(200);
      const gone = await waitFor(() => app.database.db.select().from(shops).where(eq(shops.id, shopId)), (rows) => rows.length === 0);
      expect(gone).toEqual([]);
      expect(await app.database.db.select().from(transactions).where(eq(transactions.shopId, shopId))).toEqual([]);
      expect(await app.database.db.select().from(commissions).where(eq(commissions.shopId, shopId))).toEqual([]);
      expect(await app.database.db.select().from(inboundEvents).where(eq(inboundEvents.shopId, shopId))).toEqual([]);
    });
  });
});
