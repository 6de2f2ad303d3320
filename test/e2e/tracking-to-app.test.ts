import { eq } from "drizzle-orm";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clicks } from "../../db/schema/index";
import { loadConfig } from "../../runtime/config";
import type { RunningApp } from "../../runtime/start";
import { signedProxyUrl } from "../helpers/app-proxy-signer";
import { launchChromium } from "../helpers/browser";
import { databaseKinds } from "../helpers/databases";
import { startAppWithShop } from "../helpers/proxy-app";
import { startStorefront } from "../helpers/storefront-server";
import { waitFor } from "../helpers/wait-for";

const SHOP = "script-e2e.myshopify.com";

// One chromium for both databases; each case opens its own context.
let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(() => browser?.close());

describe.each(databaseKinds)("tracking script to the app through a signing app proxy, on %s", (kind) => {
  let app: RunningApp;
  let fixture: Awaited<ReturnType<typeof startAppWithShop>>;
  let storefront: Awaited<ReturnType<typeof startStorefront>>;
  let shopId: string;
  const secret = loadConfig().shopify.apiSecret;

  beforeAll(async () => {
    fixture = await startAppWithShop(kind, SHOP);
    app = fixture.app;
    shopId = fixture.shop.id;
    // Shopify's app proxy: forwards /apps/partners/<path> to the app's /proxy/<path>, signing the query.
    storefront = await startStorefront(async (path, body, request) => {
      const response = await fetch(signedProxyUrl(app.url, path, { shop: SHOP, secret }), {
        method: "POST",
        headers: { "content-type": "application/json", "user-agent": request.headers["user-agent"] ?? "", "x-forwarded-for": request.socket.remoteAddress ?? "" },
        body,
      });
      return { status: response.status, body: await response.text() };
    });
  });
  afterAll(async () => {
    await storefront?.close();
    await fixture?.close();
  });

  it("stores the click with hashed IP and user agent, and the cart carries the stored click id", async () => {
    // Headless chromium announces itself as HeadlessChrome, which the beacon drops as a bot: present as a visitor.
    const context = await browser.newContext({ userAgent: "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36" });
    const page = await context.newPage();
    await page.goto(`${storefront.url}/products/shirt?ref=ava`);
    const update = await waitFor(async () => storefront.cartUpdates.at(-1), (u) => u !== undefined, 10_000);
    const [click] = await app.database.db.select().from(clicks).where(eq(clicks.shopId, shopId));
    expect(click).toBeDefined();
    expect(update!.body).toEqual({ attributes: { _affiliate_ref: "ava", _affiliate_click: click!.id, _affiliate_ts: expect.any(String) } });
    expect(click).toMatchObject({ landingUrl: `${storefront.url}/products/shirt?ref=ava`, ipHash: expect.stringMatching(/^[0-9a-f]{64}$/), userAgentHash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const cookie = (await context.cookies()).find((c) => c.name === "_affiliate_ref");
    expect(JSON.parse(decodeURIComponent(cookie!.value))).toMatchObject({ k: "ava", c: click!.id, v: click!.visitorId });
    await context.close();
  });

  it("drops a headless browser's click as a bot; the referral still reaches the cart", async () => {
    const before = (await app.database.db.select().from(clicks).where(eq(clicks.shopId, shopId))).length;
    storefront.reset();
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${storefront.url}/?ref=AVA`);
    const update = await waitFor(async () => storefront.cartUpdates.at(-1), (u) => u !== undefined, 10_000);
    expect(update!.body).toEqual({ attributes: { _affiliate_ref: "AVA", _affiliate_click: "", _affiliate_ts: expect.any(String) } });
    expect((await app.database.db.select().from(clicks).where(eq(clicks.shopId, shopId))).length).toBe(before);
    await context.close();
  });
});
