import { readFileSync } from "node:fs";
import { API_KEY, API_SECRET_KEY } from "@shopify/shopify-api/test-helpers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../runtime/config";
import { currentSecretBoxOrThrow } from "../../runtime/current-secret-box";
import type { RunningApp } from "../../runtime/start";
import { adminCreativeImageUrl } from "../../app/admin/creative-image-url.server";
import { getAdminPage, postAdminForm } from "../helpers/admin-form-post";
import { signedProxyUrl } from "../helpers/app-proxy-signer";
import { startTestApp } from "../helpers/app-server";
import { targetFor } from "../helpers/databases";
import { projectRoot } from "../helpers/processes";
import { rawRequest } from "./raw-request";
import { pathOf, routesUnder, type RouteEntry } from "./route-inventory";
import { pngImage } from "../helpers/test-images";
import { A_SECRETS, createTenantShops, crossShopReferences, idsOfShop, PARTNER_A_CUSTOMER, PARTNER_B_CUSTOMER, PARTNER_B_EMAIL, rowsOfShop, SHOP_A, SHOP_B } from "./tenant-shops";
import { installThroughAdmin } from "../helpers/shopify-admin-mock";
import { listenForShopifyInstalls } from "../helpers/shopify-install-handlers";

// Not local mode: admin requests are authenticated by authenticate.admin with a session token.
process.env.SHOPIFY_API_KEY = API_KEY;
process.env.SHOPIFY_API_SECRET = API_SECRET_KEY;

type Shops = Awaited<ReturnType<typeof createTenantShops>>;
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"];
/** The email the probes type into forms: partner B's sign-in requests for it may add portal_logins rows in shop A. */
const PROBE_EMAIL = "probe@b-shop.example";

/**
 * Where each route parameter's values come from: the table (or the kind of key) of shop A's objects it names,
 * by `<segment before it>/:<name>`. A new route whose parameter is missing here fails the probe, never skips it.
 */
const API_PARAMS: Record<string, string> = {
  "commissions/:id": "commissions", "connections/:id": "provider_connections", "inbound-events/:id": "inbound_events",
  "leads/:id": "leads", "partners/:key": "partner keys", "payout-batches/:id": "payout_batches", "payouts/:payoutId": "payouts",
  "jobs/:jobId": "job ids", "schedules/:currency": "currencies", "programs/:id": "programs", "webhook-endpoints/:id": "webhook_endpoints",
};
const ADMIN_PARAMS: Record<string, string> = {
  "partners/:id": "partners", "payouts/:id": "payout_batches", "programs/:id": "programs", "connections/:id": "provider_connections",
  "creatives/:id": "creatives",
};
/** The table whose id an admin page's forms post as `id`, by the page's first segment. */
const ADMIN_FORM_IDS: Record<string, string> = {
  "": "commissions", activity: "inbound_events", commissions: "commissions", connections: "provider_connections", coupons: "coupon_codes",
  customers: "customers", leads: "leads", partners: "partners", payouts: "payouts", programs: "programs", settings: "api_keys", webhooks: "webhook_endpoints",
  creatives: "creatives", rewards: "rewards",
};


// Shopify answers each store's install (token exchange, ShopSettings) on its first embedded admin load.
let shopifyInstalls: ReturnType<typeof listenForShopifyInstalls>;
beforeAll(() => {
  shopifyInstalls = listenForShopifyInstalls();
});
afterAll(() => shopifyInstalls.close());
describe("tenant probe (PostgreSQL): shop B, and partner B in shop A's portal, never get a 2xx with shop A's data", () => {
  let app: RunningApp;
  let drop: () => Promise<void>;
  let shops: Shops;
  /** Shop A's row ids by table, plus keys, currencies and job ids under pseudo-tables. */
  const ofA = new Map<string, string[]>();
  let idsOfA: Map<string, string>;
  let aBefore: Record<string, string[]>;

  const valuesFor = (map: Record<string, string>, route: RouteEntry, param: string): string[] => {
    const at = route.segments.indexOf(`:${param}`);
    const source = map[`${route.segments[at - 1]}/:${param}`];
    if (!source) throw new Error(`${route.file}: say in tenant-probe.test.ts which of shop A's objects :${param} names`);
    return (ofA.get(source) ?? []).slice(0, 2);
  };
  /** Every way of filling a route's parameters with shop A's values (at most two per parameter). */
  const pathsOf = (map: Record<string, string>, route: RouteEntry): string[] => {
    let fills: Record<string, string>[] = [{}];
    for (const param of route.params) fills = fills.flatMap((fill) => valuesFor(map, route, param).map((value) => ({ ...fill, [param]: value })));
    return fills.map((fill) => pathOf(route, (param) => fill[param] ?? "x"));
  };
  /** Shop A's secrets, and on a 2xx its ids, found in an answer; ids the request itself carried may be echoed back. */
  const leaks = (text: string, withIds: boolean, sent: string) => [...A_SECRETS, ...(withIds ? idsOfA.keys() : [])].filter((marker) => text.includes(marker) && !sent.includes(marker));
  const first = (table: string) => ofA.get(table)?.[0] ?? "";

  beforeAll(async () => {
    const target = await targetFor("postgres");
    drop = target.drop;
    app = await startTestApp({ database: target.target });
    const db = app.database.db;
    shops = await createTenantShops(db, currentSecretBoxOrThrow());
    for (const shop of [SHOP_A, SHOP_B]) expect((await installThroughAdmin(app.url, loadConfig(), shop)).status).toBe(200);
    // A payout job of shop A, so /payout-batches/jobs/:jobId has one of A's to ask for.
    const job = await rawRequest(`${app.url}/api/v1/payout-batches/jobs`, { method: "POST", headers: { authorization: `Bearer ${shops.keyA}`, "content-type": "application/json" }, body: JSON.stringify({ currency: "USD" }) });
    expect(job.status, job.text).toBe(202);
    idsOfA = await idsOfShop(db, shops.a.id);
    for (const [id, table] of idsOfA) ofA.set(table, [...(ofA.get(table) ?? []), id]);
    ofA.set("partner keys", [shops.partnerA.key, shops.partnerB.key]);
    ofA.set("currencies", ["USD"]);
    ofA.set("job ids", [String(JSON.parse(job.text).job_id ?? JSON.parse(job.text).id)]);
    aBefore = await rowsOfShop(db, shops.a.id);
  });
  afterAll(async () => {
    await app?.close();
    await drop?.();
  });

  it("shop A has one of everything the probe asks for", () => {
    for (const table of ["programs", "partners", "partner_groups", "customers", "commissions", "leads", "payout_batches", "payouts", "provider_connections", "webhook_endpoints", "coupon_codes", "payout_schedules", "inbound_events", "api_keys"]) {
      expect(ofA.get(table)?.length ?? 0, table).toBeGreaterThan(0);
    }
  });

  it("every /api/v1 route and method, with shop B's key, for each of shop A's objects", async () => {
    const body = JSON.stringify({
      program_id: shops.program.id, partner_id: shops.partnerA.id, partner_key: shops.partnerA.key, partner: shops.partnerA.key, customer_key: "a-buyer",
      id: first("commissions"), ids: ofA.get("commissions"), lead_id: first("leads"), batch_id: first("payout_batches"), connection_id: first("provider_connections"),
      email: PROBE_EMAIL, currency: "USD", external_id: "b-probe-1", type: "sale", amount: 100, code: "BPROBE10", name: "B probe",
      url: "https://b-shop.example/hooks", events: ["commission.created"],
    });
    const query = new URLSearchParams({ program_id: shops.program.id, partner: shops.partnerA.key, partner_key: shops.partnerA.key, partner_id: shops.partnerA.id, customer: "a-buyer", connection_id: first("provider_connections"), batch_id: first("payout_batches") });
    let probed = 0;
    for (const route of routesUnder("/api/v1/")) {
      for (const path of pathsOf(API_PARAMS, route)) {
        for (const method of METHODS) {
          const target = method === "GET" ? `${path}?${query}` : path;
          const { status, text } = await rawRequest(`${app.url}${target}`, { method, headers: { authorization: `Bearer ${shops.keyB}`, "content-type": "application/json" }, body: method === "GET" ? undefined : body });
          probed++;
          expect(status, `${method} ${target}`).toBeLessThan(500);
          expect(leaks(text, status < 300, method === "GET" ? target : ""), `${method} ${target} answered ${status}: ${text.slice(0, 300)}`).toEqual([]);
        }
      }
    }
    expect(probed).toBeGreaterThan(200);
    // Shop B's own key works (the probe is not 401 everywhere) and shows B's rows.
    const own = await rawRequest(`${app.url}/api/v1/partners`, { method: "GET", headers: { authorization: `Bearer ${shops.keyB}` } });
    expect(own.status).toBe(200);
    expect(own.text).toContain("bea@b-shop.example");
    // Control: the same question with shop A's key does find shop A's data, so the check above can see a leak.
    const control = await rawRequest(`${app.url}/api/v1/partners`, { method: "GET", headers: { authorization: `Bearer ${shops.keyA}` } });
    expect(leaks(control.text, true, "")).toContain("ava-secret@a-shop.example");
  });

  it("every admin page and form, as shop B, for each of shop A's objects", async () => {
    const routes = routesUnder("/app").filter((r) => r.file !== "app.tsx");
    const answered: number[] = [];
    const query = new URLSearchParams({ endpoint: first("webhook_endpoints"), program: shops.program.id, partner: shops.partnerA.id, id: first("commissions"), batch: first("payout_batches") });
    for (const route of routesUnder("/app")) {
      for (const path of pathsOf(ADMIN_PARAMS, route)) {
        const { status, text } = await getAdminPage(app.url, `${path}?${query}`, SHOP_B);
        expect(status, `GET ${path}`).toBeLessThan(500);
        expect(leaks(text, status < 300, `${path}?${query}`), `GET ${path} answered ${status}`).toEqual([]);
      }
    }
    for (const route of routes) {
      const source = readFileSync(`${projectRoot}/app/routes/${route.file}`, "utf8");
      if (!/export\s+(async\s+)?(function|const)\s+action\b/.test(source)) continue;
      const intents = ["", ...new Set(intentsIn(source))];
      const table = ADMIN_FORM_IDS[route.segments[1] ?? ""];
      if (!table) throw new Error(`${route.file}: say in tenant-probe.test.ts which of shop A's objects its forms post as id`);
      for (const path of pathsOf(ADMIN_PARAMS, route)) {
        for (const intent of intents) {
          // Each of A's objects the form could name (at most two: both retryable rewards), and a real image for an upload.
          for (const id of ofA.get(table)!.slice(0, 2)) {
            const fields = {
              intent, id, ids: ofA.get(table)!.slice(0, 2), partner_id: shops.partnerA.id, program_id: shops.program.id, inbound_event_id: first("inbound_events"),
              code: "BPROBE10", email: PROBE_EMAIL, name: "B probe", currency: "USD", status: "active", url: "https://b-shop.example/hooks", events: "commission.created",
            };
            const file = intent === "upload" ? { name: "file", bytes: pngImage(2, 2), filename: "b-probe.png", type: "image/png" } : undefined;
            const { status, text } = await postAdminForm(app.url, path, SHOP_B, fields, file);
            answered.push(status);
            expect(status, `POST ${path} intent=${intent} id=${idsOfA.get(id)} ${id}`).toBeLessThan(500);
            expect(leaks(text, false, ""), `POST ${path} intent=${intent} answered ${status}: ${text.slice(0, 300)}`).toEqual([]);
          }
        }
      }
    }
    expect(answered.length).toBeGreaterThanOrEqual(35);
    // The forms were authenticated as B and reached their actions: refused for A's ids, never turned away at the door.
    expect(answered).toContain(404);
    expect(answered.filter((status) => status === 401 || status === 410)).toEqual([]);
    const own = await getAdminPage(app.url, "/app/partners", SHOP_B);
    expect(own.status).toBe(200);
    expect(own.text).toContain("bea@b-shop.example");
    expect((await getAdminPage(app.url, "/app/partners", SHOP_A)).text, "control: shop A sees its own partner").toContain("ava-secret@a-shop.example");
  });

  /** What only partner A may see in shop A's portal; their email session token is a credential nobody else holds. */
  const partnerAData = () => [
    "ava-secret@a-shop.example", "buyer-secret@a-shop.example", "lead-secret@a-shop.example", "a-reward-secret-error", shops.partnerA.id, shops.sessionA.session,
    ...(ofA.get("commissions") ?? []), ...(ofA.get("leads") ?? []), ...(ofA.get("payouts") ?? []), ...(ofA.get("rewards") ?? []),
  ];
  /** A session token naming partner A's sign-in, with no valid signature: what partner B could make up. */
  const forgedSessionOfA = () => `${shops.sessionA.loginId}.${Math.floor(Date.now() / 1000) + 3_600}.${shops.sessionB.session.split(".")[2]}`;
  const proxyPath = (route: RouteEntry) => pathOf(route, () => shops.creative.id).slice("/proxy".length);

  it("every /proxy route, as partner B of shop A (customer login and email session), for each of partner A's objects", async () => {
    const secret = loadConfig().shopify.apiSecret;
    const asks: Record<string, string>[] = [
      { program: shops.program.id },
      { program: shops.privateProgram.id },
      { partner: shops.partnerA.id, program: shops.program.id },
      { key: shops.partnerA.key, ref: shops.partnerA.key },
      { id: first("leads") },
      { id: first("commissions"), batch: first("payout_batches") },
      { session: forgedSessionOfA(), id: shops.sessionA.loginId },
    ];
    const viewers: { who: string; customerId: string | null; query: Record<string, string> }[] = [
      { who: "customer login", customerId: PARTNER_B_CUSTOMER, query: {} },
      { who: "email session", customerId: null, query: { session: shops.sessionB.session } },
    ];
    for (const viewer of viewers) {
      for (const route of routesUnder("/proxy/")) {
        for (const ask of asks) {
          for (const method of ["GET", "POST"]) {
            // Signing out ends the session the rest of this probe uses: the last test does it.
            if (viewer.customerId === null && method === "POST" && route.file === "proxy.logout.tsx" && !ask.session) continue;
            const url = signedProxyUrl(app.url, proxyPath(route), { shop: SHOP_A, secret, customerId: viewer.customerId, query: { ...viewer.query, ...ask } });
            const form = new URLSearchParams({ ...ask, email: PROBE_EMAIL, partner_id: shops.partnerA.id, payout_method: "paypal", paypal_email: PROBE_EMAIL, token: shops.sessionA.loginId });
            const { status, text } = await rawRequest(url, { method, headers: { "content-type": "application/x-www-form-urlencoded", "user-agent": "Mozilla/5.0 Chrome/130.0" }, body: method === "POST" ? form.toString() : undefined });
            const label = `${viewer.who}: ${method} ${route.file} ${JSON.stringify(ask)}`;
            expect(status, label).toBeLessThan(500);
            expect(partnerAData().filter((marker) => text.includes(marker)), `${label} answered ${status}`).toEqual([]);
          }
        }
      }
    }
    // Partner B's own dashboard opens, by customer login and by email session: the probe is authenticated.
    for (const viewer of viewers) {
      const own = await rawRequest(signedProxyUrl(app.url, "/portal", { shop: SHOP_A, secret, customerId: viewer.customerId, query: viewer.query }), { method: "GET" });
      expect(own.status, viewer.who).toBe(200);
      expect(own.text, viewer.who).toContain(shops.partnerB.key);
    }
    const control = await rawRequest(signedProxyUrl(app.url, "/portal", { shop: SHOP_A, secret, customerId: PARTNER_A_CUSTOMER }), { method: "GET" });
    expect(partnerAData().filter((marker) => control.text.includes(marker)).length, "control: partner A sees their own data").toBeGreaterThan(0);
  });

  it("every /proxy route of shop B, with partner A's customer id, email session and creative, shows nothing of shop A", async () => {
    const secret = loadConfig().shopify.apiSecret;
    const asks: Record<string, string>[] = [{}, { session: shops.sessionA.session }, { program: shops.program.id, partner: shops.partnerA.id, key: shops.partnerA.key, ref: shops.partnerA.key }];
    for (const route of routesUnder("/proxy/")) {
      for (const ask of asks) {
        for (const method of ["GET", "POST"]) {
          const url = signedProxyUrl(app.url, proxyPath(route), { shop: SHOP_B, secret, customerId: PARTNER_A_CUSTOMER, query: ask });
          const form = new URLSearchParams({ ...ask, email: PROBE_EMAIL, token: shops.sessionA.loginId });
          const { status, text } = await rawRequest(url, { method, headers: { "content-type": "application/x-www-form-urlencoded", "user-agent": "Mozilla/5.0 Chrome/130.0" }, body: method === "POST" ? form.toString() : undefined });
          const label = `shop B: ${method} ${route.file} ${JSON.stringify(ask)}`;
          expect(status, label).toBeLessThan(500);
          expect([...A_SECRETS, ...partnerAData()].filter((marker) => text.includes(marker) && !url.includes(marker)), `${label} answered ${status}`).toEqual([]);
        }
      }
    }
    const portal = await rawRequest(signedProxyUrl(app.url, "/portal", { shop: SHOP_B, secret, customerId: null, query: { session: shops.sessionA.session } }), { method: "GET" });
    expect(portal.status, "shop A's email session is worthless in shop B").toBe(401);
    const image = (shop: string, id: string) => rawRequest(signedProxyUrl(app.url, `/creatives/${id}`, { shop, secret, customerId: null }), { method: "GET" });
    expect((await image(SHOP_B, shops.creative.id)).status, "shop A's banner through shop B's proxy").toBe(404);
    expect((await image(SHOP_A, shops.creativeB.id)).status, "shop B's banner through shop A's proxy").toBe(404);
    expect((await image(SHOP_A, shops.creative.id)).status, "control: shop A's banner through shop A's proxy").toBe(200);
    expect((await image(SHOP_B, shops.creativeB.id)).status, "control: shop B's banner through shop B's proxy").toBe(200);
  });

  it("the admin's signed creative image links open only the creative and shop they were signed for", async () => {
    const get = (path: string) => rawRequest(`${app.url}${path}`, { method: "GET" });
    const signedForB = adminCreativeImageUrl(shops.b.id, shops.creativeB.id);
    const tokenForB = new URL(signedForB, app.url).searchParams.get("t")!;
    expect((await get(`/creatives/${shops.creative.id}`)).status, "no signature").toBe(404);
    expect((await get(adminCreativeImageUrl(shops.b.id, shops.creative.id))).status, "signed for shop B, A's creative").toBe(404);
    expect((await get(`/creatives/${shops.creative.id}?t=${encodeURIComponent(tokenForB)}`)).status, "B's link with A's id").toBe(404);
    expect((await get(adminCreativeImageUrl(shops.a.id, shops.creative.id, Date.now() - 7_200_000))).status, "expired").toBe(404);
    const own = await get(signedForB);
    expect(own.status, "control: B's own link").toBe(200);
    expect((await get(adminCreativeImageUrl(shops.a.id, shops.creative.id))).status, "control: A's own link").toBe(200);
  });

  it("left every row of shop A as it was but partner B's own sign-in requests, and no row of shop B points at one of shop A's", async () => {
    const { portal_logins: loginsAfter = [], ...after } = await rowsOfShop(app.database.db, shops.a.id);
    const { portal_logins: loginsBefore = [], ...before } = aBefore;
    expect(after).toEqual(before);
    expect(loginsBefore.filter((row) => !loginsAfter.includes(row)), "no sign-in of shop A changed or vanished").toEqual([]);
    // Asking for a sign-in link is open to anyone, for their own address: unused links for the probe's emails are all it may add.
    const added = loginsAfter.filter((row) => !loginsBefore.includes(row)).map((row) => JSON.parse(row) as Record<string, unknown>);
    expect(added.length, "the probe's own sign-in requests reached the database").toBeGreaterThan(0);
    const own = [PROBE_EMAIL, PARTNER_B_EMAIL];
    expect(added.filter((row) => !own.includes(String(row.email_normalized)) || row.used_at !== null || row.revoked_at !== null), "sign-ins added for someone else, or used").toEqual([]);
    expect(await crossShopReferences(app.database.db, shops.b.id, idsOfA)).toEqual([]);
  });

  it("signing out ends partner B's email session only, and shop A's session cannot be ended from shop B", async () => {
    const secret = loadConfig().shopify.apiSecret;
    const proxy = (shop: string, path: string, session: string, method = "GET") =>
      rawRequest(signedProxyUrl(app.url, path, { shop, secret, customerId: null, query: { session } }), { method, body: method === "POST" ? "" : undefined });
    expect((await proxy(SHOP_B, "/logout", shops.sessionA.session, "POST")).status).toBe(303);
    expect((await proxy(SHOP_A, "/logout", forgedSessionOfA(), "POST")).status).toBe(303);
    expect((await proxy(SHOP_A, "/logout", shops.sessionB.session, "POST")).status).toBe(303);
    expect((await proxy(SHOP_A, "/portal", shops.sessionB.session)).status, "partner B's ended session").toBe(401);
    const a = await proxy(SHOP_A, "/portal", shops.sessionA.session);
    expect(a.status, "partner A's session still works").toBe(200);
    expect(a.text).toContain(shops.partnerA.key);
  });
});

/** The intents a route's action tells apart: `intent === "x"` (or `!==`), `case "x"`, `intent: z.literal("x")`, `intent: z.enum([...])`. */
function intentsIn(source: string): string[] {
  const compared = [...source.matchAll(/(?:intent\s*[!=]==?\s*|case\s+)"([a-z][a-z_-]*)"/g)].map((m) => m[1]!);
  const declared = [...source.matchAll(/intent:\s*z\.(?:literal\("([^"]+)"\)|enum\(\[([^\]]*)\]\))/g)].flatMap((m) => (m[1] ? [m[1]] : [...m[2]!.matchAll(/"([^"]+)"/g)].map((e) => e[1]!)));
  return [...compared, ...declared];
}
