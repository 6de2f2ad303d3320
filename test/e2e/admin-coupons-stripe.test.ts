import { and, eq } from "drizzle-orm";
import { http, HttpResponse } from "msw";
import { setupServer } from "msw/node";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { couponCodes, providerConnections } from "../../db/schema/index";
import { currentSecretBoxOrThrow } from "../../runtime/current-secret-box";
import type { RunningApp } from "../../runtime/start";
import { SCREENSHOT_DIR } from "./browser";
import { startDemoAdmin } from "./demo-admin";

const STRIPE_KEY = "rk_test_demoPromotionCodesKey123";
const forms: Array<{ form: Record<string, string>; authorization: string | null }> = [];

// Stripe's API as seen by the app (the browser talks to the app only): one coupon exists, SUMMER10.
const stripe = setupServer(
  http.post("https://api.stripe.com/v1/promotion_codes", async ({ request }) => {
    const form = Object.fromEntries(new URLSearchParams(await request.text()));
    forms.push({ form, authorization: request.headers.get("authorization") });
    if (form["promotion[coupon]"] !== "SUMMER10") {
      return HttpResponse.json({ error: { type: "invalid_request_error", code: "resource_missing", param: "promotion[coupon]", message: `No such coupon: '${form["promotion[coupon]"]}'` } }, { status: 400 });
    }
    return HttpResponse.json({ id: "promo_demo123", object: "promotion_code", active: true, code: form.code, promotion: { type: "coupon", coupon: "SUMMER10" }, metadata: {} });
  }),
);

// Six page loads, three forms and three full-page screenshots in one case: on a busy 2-core machine that is more
// than 30 s, as for the other admin browser tests.
vi.setConfig({ testTimeout: 120_000 });

describe("Coupons page: Stripe promotion codes in demo mode (chromium)", () => {
  let app: RunningApp;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let shopId: string;

  beforeAll(async () => {
    stripe.listen({ onUnhandledFrame: "bypass" });
    ({ app, shopId, browser, page, errors } = await startDemoAdmin());
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    stripe.close();
  });

  it("explains what is needed without a key, then creates a promotion code once the Stripe connection has one", async () => {
    await page.goto(`${app.url}/app/coupons`, { waitUntil: "networkidle" });
    expect(await page.locator("body").innerText()).toContain("add a Stripe API key to a Stripe connection on the Connections page");
    await page.screenshot({ path: `${SCREENSHOT_DIR}/coupons-stripe-no-key.png`, fullPage: true });

    // The key is set on the Connections page: a publishable key is refused next to the field, then a restricted one is kept encrypted.
    const [connection] = await app.database.db.select().from(providerConnections).where(and(eq(providerConnections.shopId, shopId), eq(providerConnections.provider, "stripe")));
    await page.goto(`${app.url}/app/connections`, { waitUntil: "networkidle" });
    expect(await page.locator("body").innerText()).toContain("API key set: no");
    const keyField = `api_key.${connection!.id}`;
    await page.fill(`[name="${keyField}"]`, "pk_test_publishable123456");
    await page.getByRole("button", { name: "Save key" }).click();
    await expect.poll(() => page.locator(`[id="${keyField}Error"]`).innerText()).toContain("restricted key");
    await page.fill(`[name="${keyField}"]`, STRIPE_KEY);
    await page.getByRole("button", { name: "Save key" }).click();
    await expect.poll(() => page.locator("body").innerText()).toContain("API key set: yes");
    const [stored] = await app.database.db.select().from(providerConnections).where(eq(providerConnections.id, connection!.id));
    expect(stored!.apiKey).toMatch(/^enc:v1:/);
    expect(currentSecretBoxOrThrow().open(stored!.apiKey!)).toBe(STRIPE_KEY);

    await page.goto(`${app.url}/app/coupons`, { waitUntil: "networkidle" });
    expect(await page.locator("body").innerText()).toContain("Create a Stripe promotion code");

    await page.fill('[name="stripe_coupon"]', "WINTER99");
    await page.fill('[name="stripe_code"]', "AVASTRIPE");
    await page.getByRole("button", { name: "Create promotion code" }).click();
    await expect.poll(() => page.locator('[id="stripe_couponError"]').innerText()).toContain("No such coupon: 'WINTER99'");
    await page.screenshot({ path: `${SCREENSHOT_DIR}/coupons-stripe-error.png`, fullPage: true });

    await page.fill('[name="stripe_coupon"]', "SUMMER10");
    await page.getByRole("button", { name: "Create promotion code" }).click();
    await expect.poll(() => page.locator("body").innerText()).toContain("AVASTRIPE created in Stripe for");
    await page.screenshot({ path: `${SCREENSHOT_DIR}/coupons-stripe.png`, fullPage: true });
    expect(forms.map((f) => [f.form["promotion[coupon]"], f.authorization])).toEqual([
      ["WINTER99", `Bearer ${STRIPE_KEY}`],
      ["SUMMER10", `Bearer ${STRIPE_KEY}`],
    ]);
    const [coupon] = await app.database.db.select().from(couponCodes).where(and(eq(couponCodes.shopId, shopId), eq(couponCodes.code, "AVASTRIPE")));
    expect(coupon).toMatchObject({ provider: "stripe", externalId: "promo_demo123" });
    await page.goto(`${app.url}/app/connections`, { waitUntil: "networkidle" });
    const connections = await page.locator("body").innerText();
    expect(connections).toContain("API key set: yes");
    expect(connections).not.toContain(STRIPE_KEY);
    await page.screenshot({ path: `${SCREENSHOT_DIR}/connections-api-key.png`, fullPage: true });
    expect(errors).toEqual([]);
  });
});
