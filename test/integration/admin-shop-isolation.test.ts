import { and, eq } from "drizzle-orm";
import { API_KEY, API_SECRET_KEY, RequestType, setUpValidRequest } from "@shopify/shopify-api/test-helpers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiKeys, commissions, creatives, inboundEvents, rewards, leads, partners, payoutBatches, payouts, programs, providerConnections, webhookDeliveries, webhookEndpoints } from "../../db/schema/index";
import { createApiKey } from "../../domain/access/create-api-key";
import { createProviderConnection } from "../../domain/access/create-provider-connection";
import { DEMO_SHOP_DOMAIN, seedDemo } from "../../domain/demo/seed-demo";
import { createPayoutBatch } from "../../domain/payouts/create-payout-batch";
import { createProgram } from "../../domain/programs/create-program";
import { createShop } from "../../domain/shops/create-shop";
import { storeInboundEvent } from "../../domain/ingest/store-inbound-event";
import type { RunningApp } from "../../runtime/start";
import { startTestApp } from "../helpers/app-server";
import { databaseKinds, targetFor } from "../helpers/databases";
import { currentSecretBoxOrThrow } from "../../runtime/current-secret-box";
import { getAdminPage, postAdminForm } from "../helpers/admin-form-post";
import { installThroughAdmin } from "../helpers/shopify-admin-mock";
import { listenForShopifyInstalls } from "../helpers/shopify-install-handlers";
import { loadConfig } from "../../runtime/config";

// Not local mode: every admin request is authenticated by authenticate.admin with a session token.
process.env.SHOPIFY_API_KEY = API_KEY;
process.env.SHOPIFY_API_SECRET = API_SECRET_KEY;

const SHOP_A = DEMO_SHOP_DOMAIN; // the seeded shop, full of rows
const SHOP_B = "other-merchant.myshopify.com";
/** The test helpers take the store's name and add ".myshopify.com". */
const storeName = (domain: string) => domain.replace(/\.myshopify\.com$/, "");
const BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36";


// Shopify answers each store's install (token exchange, ShopSettings) on its first embedded admin load.
let shopifyInstalls: ReturnType<typeof listenForShopifyInstalls>;
beforeAll(() => {
  shopifyInstalls = listenForShopifyInstalls({ currencies: { [SHOP_B]: "EUR" } });
});
afterAll(() => shopifyInstalls.close());
describe.each(databaseKinds)("admin loaders and actions never cross shops (%s)", (kind) => {
  let app: RunningApp;
  let drop: () => Promise<void>;
  let a: { shopId: string; programId: string; partnerId: string; partnerStatus: string; commissionId: string; leadId: string; eventId: string; keyId: string; batchId: string; payoutId: string; endpointId: string };
  let shopBId: string;

  beforeAll(async () => {
    const target = await targetFor(kind);
    drop = target.drop;
    app = await startTestApp({ database: target.target });
    const db = app.database.db;
    await seedDemo(db, currentSecretBoxOrThrow());
    const shopA = (await db.query.shops.findFirst({ where: (s, { eq }) => eq(s.domain, SHOP_A) }))!;
    const shopB = await createShop(db, { domain: SHOP_B, currency: "EUR" });
    shopBId = shopB.id;
    await createProgram(db, shopB.id, { name: "B program", type: "affiliate", currency: "EUR", cookieDays: 30, attribution: "last_click", holdDays: 30, payoutThreshold: 0, commission: { kind: "percentage", percentBasisPoints: 500 } });
    const partner = (await db.query.partners.findFirst({ where: (p, { and, eq }) => and(eq(p.shopId, shopA.id), eq(p.key, "AVA")) }))!;
    const commission = (await db.query.commissions.findFirst({ where: (c, { and, eq }) => and(eq(c.shopId, shopA.id), eq(c.status, "pending"), eq(c.kind, "commission")) }))!;
    const lead = (await db.query.leads.findFirst({ where: (l, { eq }) => eq(l.shopId, shopA.id) }))!;
    const event = await storeInboundEvent(db, { shopId: shopA.id, provider: "shopify", dedupeScope: `shop:${SHOP_A}`, externalId: "pending-1", topic: "orders/paid", payload: {} });
    const key = await createApiKey(db, shopA.id, "A's key");
    const batch = (await createPayoutBatch(db, shopA.id, "USD"))!;
    const endpoint = (await db.query.webhookEndpoints.findFirst({ where: (e, { eq }) => eq(e.shopId, shopA.id) }))!;
    a = { shopId: shopA.id, programId: partner.programId, partnerId: partner.id, partnerStatus: partner.status, commissionId: commission.id, leadId: lead.id, eventId: event.id, keyId: key.id, batchId: batch.batch.id, payoutId: batch.payouts[0]!.id, endpointId: endpoint.id };

    for (const shop of [SHOP_A, SHOP_B]) expect((await installThroughAdmin(app.url, loadConfig(), shop)).status).toBe(200);
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await drop?.();
  });

  const getAsB = async (path: string) => {
    const { status, text } = await getAdminPage(app.url, path, SHOP_B);
    return { status, body: text };
  };
  const postAsB = async (path: string, fields: Record<string, string | string[]>) => {
    const { status, text } = await postAdminForm(app.url, path, SHOP_B, fields);
    return { status, body: text };
  };

  it("shop A's session reads shop A's data (the requests authenticate)", async () => {
    const request = await setUpValidRequest({ type: RequestType.Admin, store: storeName(SHOP_A), apiKey: API_KEY, apiSecretKey: API_SECRET_KEY }, new Request(`${app.url}/app/partners`));
    const response = await fetch(request.url, { headers: { "user-agent": BROWSER } });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain("Ava Creator");
    expect(html).not.toContain("Demo mode");
  });

  it.each([
    "/app?days=90",
    "/app/programs",
    "/app/programs/new",
    "/app/partners",
    "/app/partners?q=ava",
    "/app/partners/new",
    "/app/commissions",
    "/app/customers?all=on",
    "/app/leads",
    "/app/activity",
    "/app/settings",
    "/app/connections",
    "/app/coupons",
    "/app/payouts",
    "/app/webhooks",
    "/app/creatives",
    "/app/rewards",
  ])("GET %s as shop B shows none of shop A's rows", async (path) => {
    const { status, body } = await getAsB(path);
    expect(status).toBe(200);
    for (const leaked of ["Ava Creator", "Creators affiliate program", "demo-customer-", "harper.lee@example.com", "orders/paid", "A&#x27;s key", "A's key", "Stripe (demo)", "CRM (demo)", "demo-crm-1", "NOAH15", "crm.example.com", "Summer sale leaderboard", "THANKS-7Q4M2KXD", "Store credit is not enabled", a.partnerId, a.programId, a.commissionId, a.batchId, a.endpointId]) {
      expect(body, `${path} leaks ${leaked}`).not.toContain(leaked);
    }
  });

  it("GET of shop A's program, partner, payout batch or batch export as shop B answers 404; A's endpoint is not shown", async () => {
    expect((await getAsB(`/app/programs/${a.programId}`)).status).toBe(404);
    expect((await getAsB(`/app/partners/${a.partnerId}`)).status).toBe(404);
    expect((await getAsB(`/app/payouts/${a.batchId}`)).status).toBe(404);
    for (const format of ["paypal", "wise", "generic"]) expect((await getAsB(`/app/payouts/${a.batchId}/export?format=${format}`)).status).toBe(404);
    const webhooks = await getAsB(`/app/webhooks?endpoint=${a.endpointId}`);
    expect(webhooks.status).toBe(200);
    expect(webhooks.body).not.toContain("crm.example.com");
    const db = app.database.db;
    expect((await db.select().from(payoutBatches).where(eq(payoutBatches.id, a.batchId)))[0]!.status).toBe("draft"); // never exported
  });

  it("payout and webhook actions as shop B never change or read shop A's rows", async () => {
    const db = app.database.db;
    const before = {
      batch: await db.select().from(payoutBatches).where(eq(payoutBatches.id, a.batchId)),
      payouts: await db.select().from(payouts).where(eq(payouts.batchId, a.batchId)),
      endpoint: await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, a.endpointId)),
      deliveries: await db.select().from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, a.endpointId)),
    };
    expect((await postAsB(`/app/payouts/${a.batchId}`, { intent: "mark-batch-paid" })).status).toBe(404);
    expect((await postAsB(`/app/payouts/${a.batchId}`, { intent: "mark-paid", id: a.payoutId })).status).toBe(404);
    expect((await postAsB(`/app/payouts/${a.batchId}`, { intent: "mark-failed", id: a.payoutId })).status).toBe(404);
    // B's own batch id cannot carry A's payout either.
    const bBatch = (await db.insert(payoutBatches).values({ shopId: shopBId, currency: "EUR" }).returning())[0]!;
    expect((await postAsB(`/app/payouts/${bBatch.id}`, { intent: "mark-failed", id: a.payoutId })).status).toBe(404);
    for (const intent of ["enable", "disable", "delete", "test"]) expect((await postAsB("/app/webhooks", { intent, id: a.endpointId })).status, intent).toBe(404);
    // A batch B creates only ever holds B's partners: B has none payable, so its job makes no batch of A's rows.
    const created = await postAsB("/app/payouts", { currency: "USD" });
    expect(created.body).toContain("currencies");

    expect(await db.select().from(payoutBatches).where(eq(payoutBatches.id, a.batchId))).toEqual(before.batch);
    expect(await db.select().from(payouts).where(eq(payouts.batchId, a.batchId))).toEqual(before.payouts);
    expect(await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, a.endpointId))).toEqual(before.endpoint);
    expect(await db.select().from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, a.endpointId))).toEqual(before.deliveries);
  });

  it("actions as shop B never change shop A's rows", async () => {
    const db = app.database.db;
    const before = {
      program: await db.select().from(programs).where(eq(programs.id, a.programId)),
      partner: await db.select().from(partners).where(eq(partners.id, a.partnerId)),
    };
    expect((await postAsB(`/app/programs/${a.programId}`, { name: "Hijacked", attribution: "last_click", hold_days: "1" })).status).toBe(404);
    expect((await postAsB(`/app/partners/${a.partnerId}`, { intent: "suspend" })).status).toBe(404);
    const approve = await postAsB("/app/commissions", { intent: "approve", ids: [a.commissionId] });
    expect(approve.body).toContain("skipped 1");
    expect((await postAsB("/app/leads", { id: a.leadId })).status).toBe(404);
    expect((await postAsB("/app/activity", { id: a.eventId })).status).toBe(404);
    expect((await postAsB("/app/settings", { intent: "revoke", id: a.keyId })).status).toBe(404);
    const couponOfA = (await db.query.couponCodes.findFirst({ where: (c, { eq }) => eq(c.shopId, a.shopId) }))!;
    expect((await postAsB("/app/coupons", { intent: "deactivate", id: couponOfA.id })).status).toBe(404);
    expect((await postAsB("/app/coupons", { intent: "create", partner_id: a.partnerId, code: "STOLEN10", value_type: "percent", value: "10" })).status).toBe(404);
    expect(await db.query.couponCodes.findFirst({ where: (c, { eq }) => eq(c.id, couponOfA.id) })).toEqual(couponOfA);
    expect(await db.query.couponCodes.findFirst({ where: (c, { eq }) => eq(c.code, "STOLEN10") })).toBeUndefined();
    const partnerInA = await postAsB("/app/partners/new", { program_id: a.programId, email: "thief@example.com", status: "active" });
    expect(partnerInA.status).toBe(404);

    expect(await db.select().from(programs).where(eq(programs.id, a.programId))).toEqual(before.program);
    expect(await db.select().from(partners).where(eq(partners.id, a.partnerId))).toEqual(before.partner);
    expect((await db.select().from(commissions).where(eq(commissions.id, a.commissionId)))[0]!.status).toBe("pending");
    expect((await db.select().from(leads).where(eq(leads.id, a.leadId)))[0]!.status).toBe("pending");
    expect((await db.select().from(apiKeys).where(eq(apiKeys.id, a.keyId)))[0]!.revokedAt).toBeNull();
    expect((await db.select().from(inboundEvents).where(eq(inboundEvents.id, a.eventId)))[0]!.attempts).toBe(0);
    expect(await db.select().from(partners).where(eq(partners.email, "thief@example.com"))).toEqual([]);
  });

  it("shop A's connection page, its test and its save answer 404 to shop B; nothing is read or written", async () => {
    const db = app.database.db;
    const crm = (await db.select().from(providerConnections).where(and(eq(providerConnections.shopId, a.shopId), eq(providerConnections.name, "CRM (demo)"))))[0]!;
    const stripe = (await db.select().from(providerConnections).where(and(eq(providerConnections.shopId, a.shopId), eq(providerConnections.name, "Stripe (demo)"))))[0]!;
    const [payload] = await db.select().from(inboundEvents).where(eq(inboundEvents.connectionId, crm.id));
    for (const connection of [crm, stripe]) {
      const page = await getAsB(`/app/connections/${connection.id}`);
      expect(page.status).toBe(404);
      expect(page.body).not.toContain("demo-crm-1");
    }
    const mapping = { "config.mapping.kind": "customer", "config.mapping.fields.email": "$.contact.email" };
    const tested = await postAsB(`/app/connections/${crm.id}`, { intent: "test", inbound_event_id: payload!.id, ...mapping });
    expect(tested.status).toBe(404);
    expect(tested.body).not.toContain("olivia.demo@example.com");
    expect((await postAsB(`/app/connections/${crm.id}`, { name: "Hijacked", ...mapping })).status).toBe(404);
    expect((await postAsB(`/app/connections/${stripe.id}`, { name: "Hijacked" })).status).toBe(404);
    expect(await db.select().from(providerConnections).where(eq(providerConnections.id, crm.id))).toEqual([crm]);
    expect(await db.select().from(providerConnections).where(eq(providerConnections.id, stripe.id))).toEqual([stripe]);

    // Shop B's own generic connection cannot test a mapping on shop A's stored payload.
    const { id: ownId } = await createProviderConnection(db, currentSecretBoxOrThrow(), { shopId: shopBId, provider: "generic", name: "B crm", secret: "whsec_b_generic_secret" });
    const own = await getAsB(`/app/connections/${ownId}`);
    expect(own.status).toBe(200);
    expect(own.body).not.toContain("demo-crm-1");
    const crossTest = await postAsB(`/app/connections/${ownId}`, { intent: "test", inbound_event_id: payload!.id, ...mapping });
    expect(crossTest.status).toBe(404);
    expect(crossTest.body).not.toContain("olivia.demo@example.com");
    const saved = await postAsB(`/app/connections/${ownId}`, { name: "B crm", ...mapping });
    expect(saved.status).toBe(200);
    expect((await db.select().from(providerConnections).where(eq(providerConnections.id, ownId)))[0]!.config).toEqual({ mapping: { kind: "customer", fields: { email: "$.contact.email" } } });
  });

  it("shop A's creatives and rewards: shop B can neither see, archive, delete, attach to A's program nor retry them", async () => {
    const db = app.database.db;
    const before = {
      creatives: await db.select().from(creatives).where(eq(creatives.shopId, a.shopId)),
      rewards: await db.select().from(rewards).where(eq(rewards.shopId, a.shopId)),
    };
    const creative = before.creatives[0]!;
    for (const intent of ["archive", "restore", "delete"]) expect((await postAsB("/app/creatives", { intent, id: creative.id })).status, intent).toBe(404);
    const stolen = await postAsB("/app/creatives", { intent: "upload", program_id: a.programId, name: "Stolen" });
    expect(stolen.status).toBe(404);
    const failed = before.rewards.find((r) => r.status === "failed")!;
    expect((await postAsB("/app/rewards", { intent: "retry", id: failed.id })).status).toBe(404);
    expect(await db.select().from(creatives).where(eq(creatives.shopId, a.shopId))).toEqual(before.creatives);
    expect(await db.select().from(rewards).where(eq(rewards.shopId, a.shopId))).toEqual(before.rewards);
    expect(await db.select().from(creatives).where(eq(creatives.shopId, shopBId))).toEqual([]);
    // A's signed admin image link names A's shop; nothing of B's session makes it show B anything else.
    expect((await fetch(`${app.url}/creatives/${creative.id}?t=${encodeURIComponent(`${shopBId}.${creative.id}.9999999999999.forged`)}`)).status).toBe(404);
  });

  it("what shop B creates belongs to shop B", async () => {
    const db = app.database.db;
    await postAsB("/app/programs/new", { name: "B second", type: "affiliate", currency: "EUR", attribution: "last_click", hold_days: "0", "commission.type": "percentage", "commission.percent": "5", link_params: "ref" });
    const created = await db.select().from(programs).where(eq(programs.name, "B second"));
    expect(created.map((p) => p.shopId)).toEqual([shopBId]);
    await postAsB("/app/settings", { intent: "create", name: "B key" });
    const keys = await db.select().from(apiKeys).where(and(eq(apiKeys.name, "B key")));
    expect(keys.map((k) => k.shopId)).toEqual([shopBId]);
    await postAsB("/app/connections", { provider: "stripe", name: "B stripe", secret: "whsec_b_secret_1234" });
    const connections = await db.select().from(providerConnections).where(eq(providerConnections.name, "B stripe"));
    expect(connections.map((c) => c.shopId)).toEqual([shopBId]);
    const endpoint = await postAsB("/app/webhooks", { intent: "create", url: "https://b.example.net/hooks", events: ["payout.paid"] });
    expect(endpoint.body).toContain("whsec_");
    const endpoints = await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.url, "https://b.example.net/hooks"));
    expect(endpoints.map((e) => e.shopId)).toEqual([shopBId]);
    await postAsB("/app/webhooks", { intent: "test", id: endpoints[0]!.id });
    const deliveries = await db.select().from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, endpoints[0]!.id));
    expect(deliveries.map((d) => d.shopId)).toEqual([shopBId]);
  });
});
