import { API_KEY, API_SECRET_KEY } from "@shopify/shopify-api/test-helpers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKey } from "../../domain/access/create-api-key";
import { createShop } from "../../domain/shops/create-shop";
import { loadConfig } from "../../runtime/config";
import type { RunningApp } from "../../runtime/start";
import { postAdminForm } from "../helpers/admin-form-post";
import { apiClient, shopWithKey, type Json } from "../helpers/api-client";
import { startTestApp } from "../helpers/app-server";
import { databaseKinds, targetFor } from "../helpers/databases";
import { installThroughAdmin, mockShopifyAdmin } from "../helpers/shopify-admin-mock";
import { waitFor } from "../helpers/wait-for";

// Not local mode: the admin authenticates with session tokens and the shop's offline session holds its token.
process.env.SHOPIFY_API_KEY = API_KEY;
process.env.SHOPIFY_API_SECRET = API_SECRET_KEY;

const SHOP = "tracking-sync.myshopify.com";

describe.each(databaseKinds)("saving a program writes the storefront's tracking settings to the app's metafield (%s)", (kind) => {
  let app: RunningApp;
  let drop: () => Promise<void>;
  let admin: ReturnType<typeof mockShopifyAdmin>;
  let api: ReturnType<typeof apiClient>;

  /** The value of each metafieldsSet call Shopify answered with success, parsed. */
  const writes = () => admin.of("TrackingMetafieldsSet").map((c) => c.variables.metafields as Array<Record<string, string>>);
  const lastWrite = () => JSON.parse(writes().at(-1)![0]!.value!);
  const waitForWrites = (n: number) => waitFor(async () => admin.of("TrackingMetafieldsSet").length, (count) => count >= n, 30_000);

  beforeAll(async () => {
    admin = mockShopifyAdmin(SHOP, { customerEmails: {} });
    const target = await targetFor(kind);
    drop = target.drop;
    app = await startTestApp({ database: target.target, worker: true });
    const { key } = await shopWithKey(app.database.db, SHOP);
    api = apiClient(app.url, key);
    expect((await installThroughAdmin(app.url, loadConfig(), SHOP)).status).toBe(200);
  }, 120_000);
  afterAll(async () => {
    admin?.close();
    await app?.close();
    await drop?.();
  });

  let programId: string;

  it("POST /api/v1/programs: one metafieldsSet on the app installation with the program's link formats, cookie days and attribution", async () => {
    const created = await api("POST", "/api/v1/programs", { name: "Creators", type: "affiliate", currency: "USD", cookie_days: 45, attribution: "first_click", link_params: ["via", "ref"], commission: { type: "percentage", percent: 10 } });
    expect(created.status).toBe(201);
    programId = (created.body as Json).id;
    await waitForWrites(1);
    const [install, set] = admin.calls.filter((c) => c.operation.startsWith("Tracking"));
    expect(install).toMatchObject({ operation: "TrackingAppInstallation", accessToken: admin.tokens.access });
    expect(set).toMatchObject({ operation: "TrackingMetafieldsSet", accessToken: admin.tokens.access });
    expect(set!.variables).toEqual({
      metafields: [{ ownerId: "gid://shopify/AppInstallation/4242", namespace: "affiliate_hub", key: "tracking", type: "json", value: expect.any(String) }],
    });
    expect(lastWrite()).toEqual({ params: ["via", "ref"], path_prefixes: ["/r"], cookie_days: 45, attribution: "first_click" });
  });

  it("PATCH through the API and a save in the admin write the new settings; a Shopify failure is retried until it is written", async () => {
    const before = writes().length;
    admin.state.failMetafieldsSet = 2;
    expect((await api("PATCH", `/api/v1/programs/${programId}`, { cookie_days: null, attribution: "last_click", link_params: ["aff"] })).status).toBe(200);
    await waitForWrites(before + 3); // two failed attempts, then the write
    expect(admin.state.failMetafieldsSet).toBe(0);
    expect(lastWrite()).toEqual({ params: ["aff"], path_prefixes: ["/r"], cookie_days: null, attribution: "last_click" });

    const saved = await postAdminForm(app.url, `/app/programs/${programId}`, SHOP.replace(".myshopify.com", ""), {
      name: "Creators",
      cookie_days: "14",
      attribution: "first_click",
      hold_days: "30",
      link_params: "ref, via",
      "commission.type": "percentage",
      "commission.percent": "10",
    });
    expect(saved.text).toContain("Program saved");
    await waitFor(async () => writes().length > before + 3 && lastWrite().cookie_days === 14, (done) => done, 30_000);
    expect(lastWrite()).toMatchObject({ params: ["ref", "via"], cookie_days: 14, attribution: "first_click" });
  });

  it("a shop the app is not installed in is skipped, and nothing is sent to Shopify for it", async () => {
    const other = await createShop(app.database.db, { domain: "not-installed.myshopify.com" });
    const calls = admin.calls.length;
    const { key } = await createApiKey(app.database.db, other.id);
    expect((await apiClient(app.url, key)("POST", "/api/v1/programs", { name: "X", type: "affiliate", currency: "USD", commission: { type: "percentage", percent: 5 } })).status).toBe(201);
    await new Promise((r) => setTimeout(r, 1_500));
    expect(admin.calls.length).toBe(calls);
  });
});
