import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { http, HttpResponse, passthrough } from "msw";
import { setupServer } from "msw/node";
import { API_KEY, API_SECRET_KEY } from "@shopify/shopify-api/test-helpers";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { runCliCommand } from "../../cli/run";
import { couponCodes, providerConnections } from "../../db/schema/index";
import { SecretBox } from "../../domain/access/secret-box";
import { createApiKey } from "../../domain/access/create-api-key";
import { registerPartnerCoupon } from "../../domain/coupons/register-partner-coupon";
import { createPartner } from "../../domain/partners/create-partner";
import { createProgram } from "../../domain/programs/create-program";
import { createShop } from "../../domain/shops/create-shop";
import type { RunningApp } from "../../runtime/start";
import { apiClient } from "../helpers/api-client";
import { postAdminForm } from "../helpers/admin-form-post";
import { startTestApp, testConfig } from "../helpers/app-server";
import { databaseKinds, targetFor } from "../helpers/databases";

process.env.SHOPIFY_API_KEY = API_KEY;
process.env.SHOPIFY_API_SECRET = API_SECRET_KEY;

const STORE = "stripe-coupon-merchant";
const OTHER_STORE = "stripe-coupon-other";
const ENCRYPTION_KEY = randomBytes(32).toString("base64");
const NEXT_KEY = randomBytes(32).toString("base64");
const STRIPE_KEY = `rk_test_${randomBytes(16).toString("hex")}`;
const PATCHED_KEY = `rk_test_${randomBytes(16).toString("hex")}`;

type Call = { method: string; path: string; form: Record<string, string>; authorization: string | null };
const calls: Call[] = [];
const promotionCodes = new Map<string, { code: string; coupon: string }>();

// Stripe's API: records each request (path, form fields, key) and answers like Stripe, an unknown coupon included.
const server = setupServer(
  // Shopify's side of the first admin request of each store: token exchange for an expiring offline token, then the
  // install hook's ShopSettings query (shapes of shopify.dev token exchange and queries/shop, queries/shopLocales).
  http.post("https://:store.myshopify.com/admin/oauth/access_token", () =>
    HttpResponse.json({ access_token: `shpat_${randomBytes(8).toString("hex")}`, expires_in: 3600, refresh_token: `shprt_${randomBytes(8).toString("hex")}`, refresh_token_expires_in: 7_776_000, scope: "read_orders" }),
  ),
  http.post("https://:store.myshopify.com/admin/api/2026-04/graphql.json", ({ params }) =>
    HttpResponse.json({
      data: {
        shop: { currencyCode: "USD", ianaTimezone: "America/New_York", name: String(params.store), contactEmail: null, primaryDomain: null },
        shopLocales: [{ locale: "en", primary: true }],
      },
    }),
  ),
  http.post("https://api.stripe.com/v1/promotion_codes", async ({ request }) => {
    const form = Object.fromEntries(new URLSearchParams(await request.text()));
    calls.push({ method: "POST", path: "/v1/promotion_codes", form, authorization: request.headers.get("authorization") });
    const coupon = form["promotion[coupon]"]!;
    if (coupon !== "SUMMER10") {
      return HttpResponse.json(
        { error: { type: "invalid_request_error", code: "resource_missing", param: "promotion[coupon]", message: `No such coupon: '${coupon}'` } },
        { status: 400 },
      );
    }
    const id = `promo_${randomBytes(6).toString("hex")}`;
    promotionCodes.set(id, { code: form.code!, coupon });
    return HttpResponse.json({
      id,
      object: "promotion_code",
      active: true,
      code: form.code,
      promotion: { type: "coupon", coupon },
      metadata: { partner_key: form["metadata[partner_key]"] },
      livemode: false,
    });
  }),
  http.post("https://api.stripe.com/v1/promotion_codes/:id", async ({ request, params }) => {
    const form = Object.fromEntries(new URLSearchParams(await request.text()));
    const id = params.id as string;
    calls.push({ method: "POST", path: `/v1/promotion_codes/${id}`, form, authorization: request.headers.get("authorization") });
    const known = promotionCodes.get(id);
    if (!known) return HttpResponse.json({ error: { type: "invalid_request_error", code: "resource_missing", param: "id", message: `No such promotion code: '${id}'` } }, { status: 404 });
    return HttpResponse.json({ id, object: "promotion_code", active: form.active !== "false", code: known.code, promotion: { type: "coupon", coupon: known.coupon }, metadata: {} });
  }),
);

beforeAll(() => server.listen({ onUnhandledFrame: "error" }));
afterAll(() => server.close());

describe.each(databaseKinds)("Coupons page creates Stripe promotion codes with the connection's API key (%s)", (kind) => {
  let app: RunningApp;
  let drop: () => Promise<void>;
  let partnerId: string;
  let connectionId: string;
  let otherConnectionId: string;
  let otherPartnerId: string;
  let apiKey: string;
  const cli = (args: string[], env: Record<string, string> = { ENCRYPTION_KEY }) =>
    runCliCommand(args, { db: app.database.db, config: testConfig({ database: app.database.target, env }) });
  const rawApiKey = async (id: string) =>
    (await app.database.db.select({ apiKey: providerConnections.apiKey }).from(providerConnections).where(eq(providerConnections.id, id)))[0]!.apiKey;

  beforeAll(async () => {
    const target = await targetFor(kind);
    drop = target.drop;
    app = await startTestApp({ database: target.target, env: { ENCRYPTION_KEY } });
    server.use(http.all(`${app.url}/*`, () => passthrough()));
    const db = app.database.db;
    const shop = await createShop(db, { domain: `${STORE}.myshopify.com`, currency: "USD" });
    const otherShop = await createShop(db, { domain: `${OTHER_STORE}.myshopify.com`, currency: "USD" });
    ({ key: apiKey } = await createApiKey(db, shop.id));
    const { program } = await createProgram(db, shop.id, { name: "Creators", type: "affiliate", currency: "USD", cookieDays: 30, attribution: "last_click", holdDays: 30, payoutThreshold: 0, commission: { kind: "percentage", percentBasisPoints: 1000 } });
    ({ partner: { id: partnerId } } = await createPartner(db, shop.id, { programId: program.id, email: "ava@example.com", name: "Ava", key: "AVA", status: "active" }));
    const { program: otherProgram } = await createProgram(db, otherShop.id, { name: "Other", type: "affiliate", currency: "USD", cookieDays: 30, attribution: "last_click", holdDays: 30, payoutThreshold: 0, commission: { kind: "percentage", percentBasisPoints: 500 } });
    ({ partner: { id: otherPartnerId } } = await createPartner(db, otherShop.id, { programId: otherProgram.id, email: "zed@example.com", name: "Zed", key: "ZED", status: "active" }));
  }, 120_000);
  afterAll(async () => {
    server.resetHandlers();
    await app?.close();
    await drop?.();
  });
  beforeEach(() => {
    calls.length = 0;
  });

  const post = (fields: Record<string, string>, store = STORE) => postAdminForm(app.url, "/app/coupons", store, fields);
  const couponRows = (code: string) => app.database.db.select().from(couponCodes).where(eq(couponCodes.code, code));

  it("cli connections create --api-key stores the key encrypted: the raw column never holds the plaintext", async () => {
    const result = await cli(["connections", "create", "--shop", `${STORE}.myshopify.com`, "--provider", "stripe", "--secret", "whsec_stripe_coupons", "--api-key", STRIPE_KEY]);
    expect(result.exitCode).toBe(0);
    expect(result.stdout.join("\n")).not.toContain(STRIPE_KEY);
    connectionId = JSON.parse(result.stdout[0]!).id;
    const raw = await rawApiKey(connectionId);
    expect(raw).toMatch(/^enc:v1:[0-9a-f]{8}:/);
    expect(raw).not.toContain(STRIPE_KEY);
    expect(new SecretBox(Buffer.from(ENCRYPTION_KEY, "base64")).open(raw!)).toBe(STRIPE_KEY);
    const refused = await cli(["connections", "create", "--shop", `${STORE}.myshopify.com`, "--provider", "paddle", "--secret", "pdl_secret_value", "--api-key", STRIPE_KEY]);
    expect(refused).toMatchObject({ exitCode: 1, stderr: [expect.stringContaining("only a Stripe connection holds an API key")] });
  });

  it("PATCH /api/v1/connections/:id {api_key} sets it encrypted and never returns it", async () => {
    const api = apiClient(app.url, apiKey);
    const created = await cli(["connections", "create", "--shop", `${STORE}.myshopify.com`, "--provider", "stripe", "--secret", "whsec_second_connection", "--name", "second"]);
    const id = JSON.parse(created.stdout[0]!).id as string;
    expect((await api("GET", `/api/v1/connections/${id}`)).body.api_key_set).toBe(false);
    const bad = await api("PATCH", `/api/v1/connections/${id}`, { api_key: "pk_test_publishable" });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe("api_key");
    const patched = await api("PATCH", `/api/v1/connections/${id}`, { api_key: PATCHED_KEY });
    expect(patched.status).toBe(200);
    expect(patched.body.api_key_set).toBe(true);
    expect(JSON.stringify(patched.body)).not.toContain(PATCHED_KEY);
    expect(patched.body).not.toHaveProperty("api_key");
    expect(await rawApiKey(id)).not.toContain(PATCHED_KEY);
    expect(JSON.stringify((await api("GET", "/api/v1/connections")).body)).not.toContain("rk_test_");
    // Removed again: the coupon tests below use the first connection only.
    expect((await api("PATCH", `/api/v1/connections/${id}`, { api_key: null })).body.api_key_set).toBe(false);
    expect(await rawApiKey(id)).toBeNull();
  });

  it("creates the promotion code at Stripe with the decrypted key, then registers it as the partner's coupon", async () => {
    const result = await post({ intent: "create_stripe", connection_id: connectionId, stripe_partner_id: partnerId, stripe_coupon: "SUMMER10", stripe_code: `AVA${kind}` });
    expect(result.status).toBe(200);
    expect(result.text).toContain(`AVA${kind} created in Stripe for Ava`);
    expect(calls).toEqual([
      {
        method: "POST",
        path: "/v1/promotion_codes",
        form: { "promotion[type]": "coupon", "promotion[coupon]": "SUMMER10", code: `AVA${kind}`, "metadata[partner_key]": "AVA" },
        authorization: `Bearer ${STRIPE_KEY}`,
      },
    ]);
    const [coupon] = await couponRows(`AVA${kind}`);
    const promotionId = [...promotionCodes].find(([, p]) => p.code === `AVA${kind}`)![0];
    expect(coupon).toMatchObject({ partnerId, provider: "stripe", externalId: promotionId, deletedAt: null });
  });

  it("shows Stripe's error next to the coupon field and registers nothing", async () => {
    const result = await post({ intent: "create_stripe", connection_id: connectionId, stripe_partner_id: partnerId, stripe_coupon: "NOPE", stripe_code: `NOPE${kind}` });
    expect(result.status).toBe(400);
    expect(result.text).toContain("stripe_coupon");
    expect(result.text).toContain("Stripe: No such coupon: 'NOPE'");
    expect(calls).toHaveLength(1);
    expect(await couponRows(`NOPE${kind}`)).toEqual([]);
  });

  it("refuses a code already registered before calling Stripe", async () => {
    const result = await post({ intent: "create_stripe", connection_id: connectionId, stripe_partner_id: partnerId, stripe_coupon: "SUMMER10", stripe_code: `ava${kind}` });
    expect(result.status).toBe(409);
    expect(result.text).toContain("stripe_code");
    expect(calls).toEqual([]);
  });

  it("another shop's session cannot use this shop's connection nor deactivate its coupon", async () => {
    const created = await post({ intent: "create_stripe", connection_id: connectionId, stripe_partner_id: otherPartnerId, stripe_coupon: "SUMMER10", stripe_code: `OTHER${kind}` }, OTHER_STORE);
    expect(created.status).toBe(404);
    const [coupon] = await couponRows(`AVA${kind}`);
    const deactivated = await post({ intent: "deactivate", id: coupon!.id }, OTHER_STORE);
    expect(deactivated.status).toBe(404);
    expect(calls).toEqual([]);
    expect(await couponRows(`OTHER${kind}`)).toEqual([]);
    expect((await couponRows(`AVA${kind}`))[0]!.deletedAt).toBeNull();
    // Its own Stripe connection (webhook secret only) has no key to lend either.
    const other = await cli(["connections", "create", "--shop", `${OTHER_STORE}.myshopify.com`, "--provider", "stripe", "--secret", "whsec_other_shop"]);
    otherConnectionId = JSON.parse(other.stdout[0]!).id;
    const keyless = await post({ intent: "create_stripe", connection_id: otherConnectionId, stripe_partner_id: otherPartnerId, stripe_coupon: "SUMMER10", stripe_code: `OTHER${kind}` }, OTHER_STORE);
    expect(keyless.status).toBe(400);
    expect(keyless.text).toContain("this connection has no Stripe API key");
    expect(calls).toEqual([]);
  });

  it("deactivates at Stripe (active=false) then marks the code deleted", async () => {
    const [coupon] = await couponRows(`AVA${kind}`);
    const result = await post({ intent: "deactivate", id: coupon!.id });
    expect(result.status).toBe(200);
    expect(result.text).toContain(`AVA${kind} deactivated in Stripe`);
    expect(calls).toEqual([{ method: "POST", path: `/v1/promotion_codes/${coupon!.externalId}`, form: { active: "false" }, authorization: `Bearer ${STRIPE_KEY}` }]);
    expect((await couponRows(`AVA${kind}`))[0]!.deletedAt).not.toBeNull();
  });

  it("a code Stripe does not know under the key still stops attributing", async () => {
    const [ava] = await couponRows(`AVA${kind}`);
    const orphan = await registerPartnerCoupon(app.database.db, ava!.shopId, { programId: ava!.programId!, partnerId, code: `GONE${kind}`, provider: "stripe", externalId: "promo_deleted_elsewhere" });
    const result = await post({ intent: "deactivate", id: orphan.id });
    expect(result.status).toBe(200);
    expect(result.text).toContain("Stripe does not know this promotion code");
    expect(calls.map((c) => c.path)).toEqual(["/v1/promotion_codes/promo_deleted_elsewhere"]);
    expect((await couponRows(`GONE${kind}`))[0]!.deletedAt).not.toBeNull();
  });

  it("secrets rotate re-encrypts the API key under the new key", async () => {
    const result = await cli(["secrets", "rotate"], { ENCRYPTION_KEY: NEXT_KEY, ENCRYPTION_KEY_PREVIOUS: ENCRYPTION_KEY });
    expect(result.exitCode).toBe(0);
    const raw = await rawApiKey(connectionId);
    const onlyNext = new SecretBox(Buffer.from(NEXT_KEY, "base64"));
    expect(onlyNext.isCurrent(raw!)).toBe(true);
    expect(onlyNext.open(raw!)).toBe(STRIPE_KEY);
  });
});
