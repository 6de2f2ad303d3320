import { API_KEY, API_SECRET_KEY, RequestType, setUpValidRequest } from "@shopify/shopify-api/test-helpers";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminCreativeImageUrl } from "../../app/admin/creative-image-url.server";
import { createProviderConnection } from "../../domain/access/create-provider-connection";
import { createCreative } from "../../domain/creatives/create-creative";
import { trackCustomer } from "../../domain/customers/track-customer";
import { createPartner } from "../../domain/partners/create-partner";
import { createProgram } from "../../domain/programs/create-program";
import { currentSecretBoxOrThrow } from "../../runtime/current-secret-box";
import { loadConfig } from "../../runtime/config";
import type { RunningApp } from "../../runtime/start";
import { shopWithKey } from "../helpers/api-client";
import { postAdminForm } from "../helpers/admin-form-post";
import { signedProxyUrl } from "../helpers/app-proxy-signer";
import { startTestApp } from "../helpers/app-server";
import { chargebeeBasicAuth } from "../helpers/chargebee-auth";
import { targetFor } from "../helpers/databases";
import { basicProgram } from "../helpers/domain-fixture";
import { signPaddlePayload } from "../helpers/paddle-signer";
import { shopifyHmac, shopifyWebhookHeaders } from "../helpers/shopify-signer";
import { standardWebhooksHeaders } from "../helpers/standard-webhooks-signer";
import { signStripePayload } from "../helpers/stripe-signer";
import { pngImage } from "../helpers/test-images";
import { rowCounts } from "./database-snapshot";
import { rawRequest } from "./raw-request";
import { anyBody, malformedBody, nastyString, paramValue } from "./fuzz-inputs";
import { encodeLoosely, pathOf, routesUnder } from "./route-inventory";
import { installThroughAdmin } from "../helpers/shopify-admin-mock";
import { listenForShopifyInstalls } from "../helpers/shopify-install-handlers";

// Not local mode: the admin routes authenticate with Shopify session tokens (local mode opens them as a demo shop).
process.env.SHOPIFY_API_KEY = API_KEY;
process.env.SHOPIFY_API_SECRET = API_SECRET_KEY;

const SHOP = "fuzz-a.myshopify.com";
const OTHER_SHOP = "fuzz-b.myshopify.com";
/** Shop B's data carries this marker: no answer to shop A may contain it. */
const B_MARKER = "b-only-marker";
const SECRETS = { stripe: "whsec_fuzz_secret_stripe", paddle: "pdl_ntfset_fuzz_secret", chargebee: "hooks:fuzz-password", generic: "whsec_ZnV6ei1nZW5lcmljLXNlY3JldC0zMmJ5dGVzIQ==" } as const;
type Billing = keyof typeof SECRETS;
const RUNS = { numRuns: Number(process.env.CHAOS_FUZZ_RUNS ?? 60), endOnFailure: true };
const WRITE_METHODS = ["POST", "PUT", "PATCH", "DELETE"];
const nowSeconds = () => Math.floor(Date.now() / 1000);


// Shopify answers each store's install (token exchange, ShopSettings) on its first embedded admin load.
let shopifyInstalls: ReturnType<typeof listenForShopifyInstalls>;
beforeAll(() => {
  shopifyInstalls = listenForShopifyInstalls();
});
afterAll(() => shopifyInstalls.close());
describe("fuzzing every public endpoint (PostgreSQL): only 4xx, nothing stored, the process stays up", () => {
  let app: RunningApp;
  let drop: () => Promise<void>;
  let key: string;
  /** Shop A's creative, and shop B's (which nothing of shop A may serve). */
  let creativeA: string;
  let creativeB: string;
  let shopAId: string;
  let programAId: string;
  let before: Record<string, number>;
  const connections = {} as Record<Billing, string>;
  const appSecret = () => loadConfig().shopify.apiSecret;

  const send = async (method: string, path: string, init: { headers?: Record<string, string>; body?: string } = {}) => {
    return rawRequest(`${app.url}${path}`, { method, headers: init.headers, body: method === "GET" ? undefined : init.body });
  };
  const expectNothingStoredAndUp = async () => {
    expect(await rowCounts(app.database.db)).toEqual(before);
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
  };

  beforeAll(async () => {
    const target = await targetFor("postgres");
    drop = target.drop;
    app = await startTestApp({ database: target.target });
    const db = app.database.db;
    const a = await shopWithKey(db, SHOP);
    key = a.key;
    const { program } = await createProgram(db, a.shop.id, basicProgram);
    await createPartner(db, a.shop.id, { programId: program.id, email: "ava@example.com", key: "AVA", status: "active" });
    for (const provider of Object.keys(SECRETS) as Billing[]) {
      connections[provider] = (await createProviderConnection(db, currentSecretBoxOrThrow(), { shopId: a.shop.id, provider, secret: SECRETS[provider] })).id;
    }
    // Shop A's offline session, so its genuine session token (the control) reaches the admin's actions.
    expect((await installThroughAdmin(app.url, loadConfig(), SHOP)).status).toBe(200);
    shopAId = a.shop.id;
    programAId = program.id;
    creativeA = (await createCreative(db, a.shop.id, { programId: program.id, name: "A banner", bytes: pngImage(2, 2) })).id;
    const b = await shopWithKey(db, OTHER_SHOP);
    const { program: programB } = await createProgram(db, b.shop.id, { ...basicProgram, name: `Program ${B_MARKER}` });
    await createPartner(db, b.shop.id, { programId: programB.id, email: `${B_MARKER}@example.com`, key: "BMARKER", status: "active" });
    await trackCustomer(db, programB, { key: `${B_MARKER}-customer`, email: `${B_MARKER}-buyer@example.com`, referralKey: "BMARKER" });
    creativeB = (await createCreative(db, b.shop.id, { programId: programB.id, name: `Banner ${B_MARKER}`, bytes: pngImage(3, 3) })).id;
    before = await rowCounts(db);
  });
  afterAll(async () => {
    await app?.close();
    await drop?.();
  });

  it("the routes it fuzzes come from app/routes", () => {
    expect(routesUnder("/webhooks/").length).toBeGreaterThanOrEqual(14);
    expect(routesUnder("/api/v1/").length).toBeGreaterThanOrEqual(38);
    expect(routesUnder("/proxy/").length).toBeGreaterThanOrEqual(9);
    expect(routesUnder("/app").length).toBeGreaterThanOrEqual(20);
    expect(routesUnder("/creatives/").length).toBe(1);
  });

  it("Shopify webhook routes: forged, missing or mismatched signatures and malformed bodies answer 4xx", async () => {
    const topics = routesUnder("/webhooks/").filter((r) => !r.params.length).map((r) => r.segments.slice(1).join("/"));
    const forgery = fc.constantFrom("missing hmac", "random hmac", "other secret", "other body", "not json", "wrong topic header", "no shop header");
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...topics), forgery, anyBody, async (topic, how, body) => {
        const sent = how === "not json" ? `{${body}` : body;
        const headers = shopifyWebhookHeaders({ topic, shop: SHOP, body: sent, secret: appSecret(), eventId: `fuzz-${Math.random()}` });
        if (how === "missing hmac") delete headers["X-Shopify-Hmac-Sha256"];
        if (how === "random hmac") headers["X-Shopify-Hmac-Sha256"] = Buffer.from(body.slice(0, 32)).toString("base64");
        if (how === "other secret") headers["X-Shopify-Hmac-Sha256"] = shopifyHmac(sent, `${appSecret()}x`);
        if (how === "other body") headers["X-Shopify-Hmac-Sha256"] = shopifyHmac(`${sent} `, appSecret());
        if (how === "wrong topic header") headers["X-Shopify-Topic"] = topic === "orders/paid" ? "orders/create" : "orders/paid";
        if (how === "no shop header") delete headers["X-Shopify-Shop-Domain"];
        const { status } = await send("POST", `/webhooks/${topic}`, { headers, body: sent });
        expect(status, `${how} on ${topic}`).toBeGreaterThanOrEqual(400);
        expect(status, `${how} on ${topic}`).toBeLessThan(500);
      }),
      RUNS,
    );
    await expectNothingStoredAndUp();
  });

  it("billing webhook routes: forged, stale and unauthenticated deliveries, unknown connections and providers answer 4xx", async () => {
    const forge: Record<Billing, (body: string, how: string) => Record<string, string>> = {
      stripe: (body, how) => ({ "Stripe-Signature": how === "stale" ? signStripePayload(body, SECRETS.stripe, nowSeconds() - 3_600) : how === "forged" ? signStripePayload(body, "whsec_forged") : "t=1,v1=00" }),
      paddle: (body, how) => ({ "Paddle-Signature": how === "stale" ? signPaddlePayload(body, SECRETS.paddle, nowSeconds() - 3_600) : how === "forged" ? signPaddlePayload(body, "pdl_forged_secret") : "ts=1;h1=00" }),
      chargebee: (_body, how) => (how === "garbled" ? { Authorization: "Basic !!!" } : { Authorization: chargebeeBasicAuth(how === "stale" ? "" : "hooks:wrong-password") }),
      generic: (body, how) =>
        how === "stale"
          ? standardWebhooksHeaders(body, SECRETS.generic, { timestamp: nowSeconds() - 3_600 })
          : standardWebhooksHeaders(body, how === "forged" ? "whsec_Zm9yZ2VkLWZvcmdlZC1mb3JnZWQtZm9yZ2VkLTMyYiE=" : SECRETS.generic, { timestamp: 1 }),
    };
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...(Object.keys(SECRETS) as Billing[])),
        fc.constantFrom("forged", "stale", "garbled", "unknown connection", "unknown provider"),
        anyBody,
        paramValue,
        async (provider, how, body, param) => {
          const path =
            how === "unknown connection" ? `/webhooks/billing/${provider}/${encodeLoosely(param)}`
            : how === "unknown provider" ? `/webhooks/billing/${encodeLoosely(`${param}x`)}/${connections[provider]}`
            : `/webhooks/billing/${provider}/${connections[provider]}`;
          const headers = { "content-type": "application/json", ...forge[provider](body, how) };
          const { status } = await send("POST", path, { headers, body });
          expect(status, `${how} ${provider}`).toBeGreaterThanOrEqual(400);
          expect(status, `${how} ${provider}`).toBeLessThan(500);
        },
      ),
      RUNS,
    );
    await expectNothingStoredAndUp();
  });

  it("genuinely signed billing deliveries whose body is not a JSON object answer 400 and store nothing", async () => {
    const sign: Record<Billing, (body: string) => Record<string, string>> = {
      stripe: (body) => ({ "Stripe-Signature": signStripePayload(body, SECRETS.stripe) }),
      paddle: (body) => ({ "Paddle-Signature": signPaddlePayload(body, SECRETS.paddle) }),
      chargebee: () => ({ Authorization: chargebeeBasicAuth(SECRETS.chargebee) }),
      generic: (body) => standardWebhooksHeaders(body, SECRETS.generic),
    };
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...(Object.keys(SECRETS) as Billing[])), malformedBody, async (provider, body) => {
        const { status, text } = await send("POST", `/webhooks/billing/${provider}/${connections[provider]}`, { headers: { "content-type": "application/json", ...sign[provider](body) }, body });
        // 400 names the body; the stripe SDK reports an empty signed body as a signature mismatch (401).
        expect(body === "" && provider === "stripe" ? 401 : 400, `${provider}: ${text.slice(0, 200)}`).toBe(status);
      }),
      RUNS,
    );
    await expectNothingStoredAndUp();
  });

  it("every /api/v1 route and method answers 401 without a valid API key", async () => {
    const routes = routesUnder("/api/v1/");
    const authorization = fc.oneof(
      fc.constant(undefined),
      fc.constantFrom("Bearer ", "Basic YWRtaW46YWRtaW4=", `Bearer ${"a".repeat(5_000)}`),
      nastyString.map((s) => `Bearer ${Buffer.from(s).toString("base64url") || "x"}`),
      fc.constant("forged-from-real").map(() => `Bearer ${key.slice(0, -2)}${key.endsWith("aa") ? "bb" : "aa"}`),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...routes), fc.constantFrom("GET", ...WRITE_METHODS), authorization, paramValue, anyBody, async (route, method, auth, param, body) => {
        const headers: Record<string, string> = { "content-type": "application/json" };
        if (auth) headers.authorization = auth;
        const { status, text } = await send(method, pathOf(route, () => param), { headers, body });
        // 413: an oversized body is refused before anything else is read, the key included; 431: a URL over Node's limit.
        expect([401, 405, 413, 431], `${method} ${route.file}: ${status} ${text.slice(0, 200)}`).toContain(status);
        expect(text).not.toContain(B_MARKER);
      }),
      RUNS,
    );
    await expectNothingStoredAndUp();
  });

  it("with a valid key, malformed bodies on every write route answer 4xx and store nothing", async () => {
    const routes = routesUnder("/api/v1/");
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...routes), fc.constantFrom(...WRITE_METHODS), paramValue, malformedBody, async (route, method, param, body) => {
        const { status, text } = await send(method, pathOf(route, () => param), { headers: { authorization: `Bearer ${key}`, "content-type": "application/json" }, body });
        expect(status, `${method} ${route.file}: ${text.slice(0, 300)}`).toBeGreaterThanOrEqual(400);
        expect(status, `${method} ${route.file}: ${text.slice(0, 300)}`).toBeLessThan(500);
      }),
      RUNS,
    );
    await expectNothingStoredAndUp();
  });

  it("with a valid key, hostile query strings and path values on every read route never 5xx and never show another shop's data", async () => {
    const routes = routesUnder("/api/v1/");
    const names = fc.constantFrom("search", "q", "status", "limit", "cursor", "program_id", "partner", "partner_key", "customer", "email", "currency", "from", "to", "type", "provider", "format");
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...routes), fc.oneof(fc.constantFrom("AVA", "BMARKER"), paramValue), fc.dictionary(names, nastyString, { maxKeys: 3 }), async (route, param, query) => {
        const search = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, Buffer.from(v, "utf8").toString("utf8")]));
        const { status, text } = await send("GET", `${pathOf(route, () => param)}?${search}`, { headers: { authorization: `Bearer ${key}` } });
        expect(status, `GET ${route.file}?${search}: ${text.slice(0, 300)}`).toBeLessThan(500);
        expect(text, `GET ${route.file}?${search}`).not.toContain(B_MARKER);
      }),
      RUNS,
    );
    await expectNothingStoredAndUp();
  });

  it("every /proxy route answers unsigned, forged, stale and tampered requests with 401 (or an earlier 4xx)", async () => {
    const routes = routesUnder("/proxy/");
    const forgery = fc.constantFrom("unsigned", "other secret", "stale", "tampered", "garbled signature");
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...routes), fc.constantFrom("GET", "POST"), forgery, fc.dictionary(fc.constantFrom("program", "email", "key", "ref", "token", "partner"), nastyString, { maxKeys: 3 }), anyBody, async (route, method, how, query, body) => {
        const path = pathOf(route, () => "x").slice("/proxy".length);
        const clean = Object.fromEntries(Object.entries(query).map(([k, v]) => [k, Buffer.from(v, "utf8").toString("utf8")]));
        const options = { shop: SHOP, secret: appSecret(), customerId: "7001", query: clean };
        let url = signedProxyUrl(app.url, path, { ...options, secret: how === "other secret" ? `${appSecret()}x` : appSecret(), timestamp: how === "stale" ? nowSeconds() - 3_600 : undefined });
        if (how === "unsigned") url = url.replace(/&signature=[0-9a-f]+/, "");
        if (how === "tampered") url = url.replace("logged_in_customer_id=7001", "logged_in_customer_id=7002");
        if (how === "garbled signature") url = url.replace(/signature=[0-9a-f]+/, "signature=%27%20OR%201%3D1");
        const { status, text } = await rawRequest(url, { method, headers: { "content-type": "application/x-www-form-urlencoded" }, body: method === "POST" ? body : undefined });
        // 401 from every route that runs; the router refuses a method the route has no handler for first (GET of an
        // action-only route 400, POST to a page 405), and the server an oversized body (413) or URL (431).
        expect([400, 401, 405, 413, 431], `${how} ${method} ${route.file}: ${text.slice(0, 200)}`).toContain(status);
        if (status === 400) expect(method, route.file).toBe("GET");
      }),
      RUNS,
    );
    await expectNothingStoredAndUp();
  });

  it("genuinely signed /proxy requests with hostile parameters and bodies never 5xx and store nothing", async () => {
    const routes = routesUnder("/proxy/");
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...routes),
        fc.constantFrom("GET", "POST"),
        fc.constantFrom(null, "7001", "not-a-number"),
        fc.dictionary(fc.constantFrom("program", "email", "key", "ref", "token", "partner", "url", "referral_key"), nastyString, { maxKeys: 3 }),
        anyBody,
        fc.constantFrom("text/plain", "application/json", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"),
        fc.oneof(paramValue, fc.constant(creativeB)),
        async (route, method, customerId, query, body, contentType, param) => {
          const path = pathOf(route, () => param).slice("/proxy".length);
          const clean = Object.fromEntries(Object.entries(query).map(([k, v]) => [k, Buffer.from(v, "utf8").toString("utf8")]));
          const url = signedProxyUrl(app.url, path, { shop: SHOP, secret: appSecret(), customerId, query: clean });
          const { status, text, location } = await rawRequest(url, { method, headers: { "content-type": contentType, "user-agent": "Mozilla/5.0 (X11; Linux x86_64) Chrome/120.0" }, body: method === "POST" ? body : undefined });
          expect(status, `${method} ${route.file}: ${text.slice(0, 300)}`).toBeLessThan(500);
          if (route.file === "proxy.r.$key.tsx") {
            // A path-form link sends any key on to the store's own home page (the storefront script ignores unknown
            // keys): never to another host.
            if (status === 302) expect(new URL(location!).host, `${route.file} ${param}`).toBe(SHOP);
            else expect(status, `${method} ${route.file} ${param}`).toBeGreaterThanOrEqual(400);
          } else if (route.params.length) {
            // Junk ids, and shop B's creative, are no banner of shop A's.
            expect(status, `${method} ${route.file} ${param}`).toBeGreaterThanOrEqual(400);
          }
          expect(text).not.toContain(B_MARKER);
        },
      ),
      RUNS,
    );
    await expectNothingStoredAndUp();
  });

  it("every admin route answers requests without a valid session token with 4xx or the login redirect, a multipart upload included", async () => {
    const routes = routesUnder("/app");
    const token = fc.oneof(
      fc.constant(null),
      fc.constantFrom("Bearer ", "Bearer not.a.jwt", `Bearer ${"a".repeat(5_000)}`),
      fc.constant({ secret: `${API_SECRET_KEY}x` }),
    );
    const bearer = async (how: string | null | { secret: string }) => {
      if (how === null || typeof how === "string") return how;
      // A well-formed session token for shop A, signed with a secret that is not the app's.
      const signed = await setUpValidRequest({ type: RequestType.Bearer, store: SHOP.replace(".myshopify.com", ""), apiKey: API_KEY, apiSecretKey: how.secret }, new Request(`${app.url}/app`));
      return signed.headers.get("authorization");
    };
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...routes), fc.constantFrom("GET", "POST"), token, fc.constantFrom("", ".data"), paramValue, nastyString, async (route, method, how, suffix, param, field) => {
        const headers: Record<string, string> = { "user-agent": "Mozilla/5.0 (X11; Linux x86_64) Chrome/130.0" };
        const authorization = await bearer(how);
        if (authorization) headers.authorization = authorization;
        const form = new FormData();
        for (const [name, value] of Object.entries({ intent: "upload", program_id: param, name: field, id: param })) form.set(name, Buffer.from(value, "utf8").toString("utf8"));
        form.set("file", new Blob([new Uint8Array(pngImage(2, 2))], { type: "image/png" }), "fuzz.png");
        const response = await fetch(`${app.url}${pathOf(route, () => param)}${suffix}`, { method, headers, body: method === "POST" ? form : undefined, redirect: "manual" });
        const text = await response.text();
        const label = `${method} ${route.file}${suffix} ${JSON.stringify(how)}: ${response.status} ${text.slice(0, 200)}`;
        // A `.data` request's redirect is a 202 whose body tells the client where to navigate (Remix single fetch).
        const redirect = response.status === 202 && text.includes('"redirect","/auth/login","status",302') ? 302 : response.status;
        expect(redirect, label).toBeGreaterThanOrEqual(300);
        expect(redirect, label).toBeLessThan(500);
        expect(text, label).not.toContain(B_MARKER);
      }),
      RUNS,
    );
    await expectNothingStoredAndUp();
    // Control: the same upload with shop A's genuine session token is stored (the refusals above were the token's).
    const file = { name: "file", bytes: pngImage(2, 2), filename: "fuzz.png", type: "image/png" };
    const control = await postAdminForm(app.url, "/app/creatives", SHOP, { intent: "upload", program_id: programAId, name: "Control banner" }, file);
    expect(control.status, control.text.slice(0, 200)).toBe(200);
    expect((await rowCounts(app.database.db)).creatives).toBe(before.creatives! + 1);
    before = await rowCounts(app.database.db);
  });

  it("/creatives/:id serves nothing for hostile ids, forged or mismatched signatures, or another shop's creative", async () => {
    const signature = fc.oneof(
      fc.constant(null),
      nastyString,
      fc.constant(null).map(() => new URL(adminCreativeImageUrl(crypto.randomUUID(), creativeB), app.url).searchParams.get("t")!),
      fc.constant(null).map(() => new URL(adminCreativeImageUrl(crypto.randomUUID(), creativeA), app.url).searchParams.get("t")!),
      fc.constant(null).map(() => `${new URL(adminCreativeImageUrl(crypto.randomUUID(), creativeA), app.url).searchParams.get("t")!.slice(0, -2)}AA`),
    );
    await fc.assert(
      fc.asyncProperty(fc.oneof(paramValue, fc.constantFrom(creativeA, creativeB)), signature, async (id, t) => {
        const query = t === null ? "" : `?t=${encodeLoosely(t)}`;
        const { status, text } = await send("GET", `/creatives/${encodeLoosely(id)}${query}`);
        expect(status, `${id} ${t}: ${text.slice(0, 200)}`).toBeGreaterThanOrEqual(400);
        expect(status, `${id} ${t}: ${text.slice(0, 200)}`).toBeLessThan(500);
      }),
      RUNS,
    );
    expect((await send("GET", adminCreativeImageUrl(shopAId, creativeA))).status, "control: shop A's own signed link").toBe(200);
    await expectNothingStoredAndUp();
  });
});
