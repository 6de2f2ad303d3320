import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, beforeEach, afterEach, describe, expect, it } from "vitest";
import { launchChromium } from "../helpers/browser";
import { startStorefront, TRACKING_SCRIPT_PATH } from "../helpers/storefront-server";
import { waitFor } from "../helpers/wait-for";

const DAY = 86_400;

describe("storefront tracking script in chromium", () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let storefront: Awaited<ReturnType<typeof startStorefront>>;
  let clickCounter = 0;

  const referralCookie = async () => {
    const cookie = (await context.cookies()).find((c) => c.name === "_affiliate_ref");
    return cookie ? { ...cookie, value: JSON.parse(decodeURIComponent(cookie.value)) as { k: string; c?: string; t: string; v: string } } : undefined;
  };
  const visit = async (path: string) => {
    await page.goto(`${storefront.url}${path}`);
    await page.waitForFunction(() => (window as unknown as { __affiliateHubTracking?: boolean }).__affiliateHubTracking === true);
  };
  const settled = () => waitFor(async () => storefront.cartUpdates.length, (n) => n > 0, 5_000);

  beforeAll(async () => {
    browser = await launchChromium();
    storefront = await startStorefront(async () => ({ status: 201, body: JSON.stringify({ recorded: true, click_id: `click-${++clickCounter}` }) }));
  });
  beforeEach(async () => {
    storefront.reset();
    context = await browser.newContext();
    page = await context.newPage();
  });
  afterEach(async () => {
    await context?.close();
  });
  afterAll(async () => {
    await browser?.close();
    await storefront?.close();
  });

  it("is under 5 KB gzipped", () => {
    expect(gzipSync(readFileSync(TRACKING_SCRIPT_PATH)).length).toBeLessThan(5 * 1024);
  });

  it("keeps ?ref=KEY for the program's cookie duration, reports the click and writes the cart attributes", async () => {
    const before = Date.now() / 1000;
    await visit("/products/shirt?ref=AVA");
    await settled();
    const cookie = await referralCookie();
    expect(cookie?.value).toMatchObject({ k: "AVA", c: `click-${clickCounter}` });
    expect(cookie!.expires).toBeGreaterThan(before + 30 * DAY - 60);
    expect(cookie!.expires).toBeLessThan(Date.now() / 1000 + 30 * DAY + 1);
    expect(cookie).toMatchObject({ path: "/", sameSite: "Lax", httpOnly: false });
    expect(storefront.beacons).toHaveLength(1);
    expect(storefront.beacons[0]!.body).toEqual({ referral_key: "AVA", url: `${storefront.url}/products/shirt?ref=AVA`, visitor_id: cookie!.value.v });
    const attributes = (storefront.cartUpdates.at(-1)!.body as { attributes: Record<string, string> }).attributes;
    expect(attributes).toEqual({ _affiliate_ref: "AVA", _affiliate_click: `click-${clickCounter}`, _affiliate_ts: cookie!.value.t });
    expect(Math.abs(Date.parse(attributes._affiliate_ts!) - Date.now())).toBeLessThan(10_000);
  });

  it("reads ?via=KEY and the path form /r/KEY, and ignores what is not a key", async () => {
    await visit("/?via=NOAH");
    expect((await referralCookie())?.value.k).toBe("NOAH");
    await context.clearCookies();
    await visit("/r/MIA_2/collections/all");
    expect((await referralCookie())?.value.k).toBe("MIA_2");
    await context.clearCookies();
    await visit("/?ref=%3Cscript%3E&utm=x");
    expect(await referralCookie()).toBeUndefined();
    expect(storefront.beacons.map((b) => b.body.referral_key)).toEqual(["NOAH", "MIA_2"]);
  });

  it("takes the programs' settings from the app's metafield over the embed's own settings", async () => {
    // The embed still says ref,via, /r, 30 days, last click: the metafield (the programs) wins.
    storefront.reset({ config: { params: ["aff"], path_prefixes: ["/go", "/partner"], cookie_days: 7, attribution: "first_click" } });
    await visit("/?ref=NOAH");
    await visit("/r/NOAH");
    expect(await referralCookie()).toBeUndefined();
    const before = Date.now() / 1000;
    await visit("/?aff=AVA");
    await settled();
    const cookie = await referralCookie();
    expect(cookie?.value.k).toBe("AVA");
    expect(cookie!.expires).toBeGreaterThan(before + 7 * DAY - 60);
    expect(cookie!.expires).toBeLessThan(Date.now() / 1000 + 7 * DAY + 1);
    await visit("/partner/NOAH/collections/all"); // first click: AVA stays, the click still counts
    await waitFor(async () => storefront.beacons.length, (n) => n === 2, 5_000);
    expect((await referralCookie())?.value.k).toBe("AVA");
    await context.clearCookies();
    await visit("/go/MIA");
    expect((await referralCookie())?.value.k).toBe("MIA");
    expect(storefront.beacons.map((b) => b.body.referral_key)).toEqual(["AVA", "NOAH", "MIA"]);
  });

  it("a lifetime program in the metafield (cookie_days null) keeps the referral 400 days", async () => {
    storefront.reset({ config: { params: ["ref"], path_prefixes: [], cookie_days: null, attribution: "last_click" } });
    await visit("/?ref=AVA");
    expect((await referralCookie())!.expires).toBeGreaterThan(Date.now() / 1000 + 400 * DAY - 60);
  });

  it("keeps a lifetime referral for 400 days, the most browsers allow", async () => {
    storefront.reset({ cookieDays: 0 });
    await visit("/?ref=AVA");
    expect((await referralCookie())!.expires).toBeGreaterThan(Date.now() / 1000 + 400 * DAY - 60);
  });

  it("last click: a newer link replaces the referral and restarts its lifetime", async () => {
    await visit("/?ref=AVA");
    await settled();
    const first = await referralCookie();
    await page.waitForTimeout(1100);
    await visit("/?ref=NOAH");
    await waitFor(async () => (await referralCookie())?.value.c, (c) => c === `click-${clickCounter}`, 5_000);
    const second = await referralCookie();
    expect(second?.value.k).toBe("NOAH");
    expect(second!.value.v).toBe(first!.value.v);
    expect(second!.expires).toBeGreaterThan(first!.expires);
    await waitFor(async () => storefront.cartUpdates.at(-1)?.body, (b) => (b as { attributes: Record<string, string> })?.attributes._affiliate_ref === "NOAH", 5_000);
  });

  it("first click: an existing referral is kept (the newer click is still counted) and its lifetime is not extended", async () => {
    storefront.reset({ attribution: "first_click" });
    await visit("/?ref=AVA");
    await settled();
    const first = await referralCookie();
    await page.waitForTimeout(1100);
    await visit("/?ref=NOAH");
    await waitFor(async () => storefront.beacons.length, (n) => n === 2, 5_000);
    const after = await referralCookie();
    expect(after?.value).toEqual(first?.value);
    expect(Math.abs(after!.expires - first!.expires)).toBeLessThan(1);
    expect(storefront.beacons.map((b) => b.body.referral_key)).toEqual(["AVA", "NOAH"]);
    expect(storefront.cartUpdates.every((u) => (u.body as { attributes: Record<string, string> }).attributes._affiliate_ref === "AVA")).toBe(true);
  });

  it("carries the referral into the cart on later pages without a key, once per cart", async () => {
    await visit("/?ref=AVA");
    await settled();
    const writes = storefront.cartUpdates.length;
    await visit("/collections/all");
    await page.waitForTimeout(300);
    expect(storefront.cartUpdates.length).toBe(writes);
    await context.addCookies([{ name: "cart", value: "new-cart-token", url: storefront.url }]);
    await visit("/collections/all");
    await waitFor(async () => storefront.cartUpdates.length, (n) => n === writes + 1, 5_000);
    expect((storefront.cartUpdates.at(-1)!.body as { attributes: Record<string, string> }).attributes._affiliate_ref).toBe("AVA");
  });

  it("without marketing consent sets no cookie and sends nothing; consent given later starts tracking, withdrawn forgets", async () => {
    storefront.reset({ marketingAllowed: false });
    await visit("/?ref=AVA");
    await page.waitForTimeout(500);
    expect(await referralCookie()).toBeUndefined();
    expect(storefront.beacons).toEqual([]);
    expect(storefront.cartUpdates).toEqual([]);
    expect(await page.evaluate(() => document.cookie)).toBe("");

    await page.evaluate(() => document.dispatchEvent(new CustomEvent("visitorConsentCollected", { detail: { marketingAllowed: true } })));
    await settled();
    expect((await referralCookie())?.value.k).toBe("AVA");
    expect(storefront.beacons).toHaveLength(1);

    await page.evaluate(() => document.dispatchEvent(new CustomEvent("visitorConsentCollected", { detail: { marketingAllowed: false } })));
    expect(await referralCookie()).toBeUndefined();
  });

  it("tracks nothing when the Customer Privacy API cannot load", async () => {
    await page.route("**/*", async (route) => {
      const response = await route.fetch();
      const body = (await response.text()).replace("done(false)", "done(new Error('blocked'))");
      await route.fulfill({ response, body });
    });
    await visit("/?ref=AVA");
    await page.waitForTimeout(500);
    expect(await referralCookie()).toBeUndefined();
    expect(storefront.beacons).toEqual([]);
  });
});
