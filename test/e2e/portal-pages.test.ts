import { clickFingerprintKey } from "../../runtime/current-secret-box";
import { mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formToken } from "../../app/proxy/form-token.server";
import { subscribe } from "../../domain/newsletter/subscribe";
import { requestPortalLogin } from "../../domain/portal/request-portal-login";
import { createCreative } from "../../domain/creatives/create-creative";
import { demoBanner } from "../../domain/demo/seed-creatives-and-rewards";
import { createProgram } from "../../domain/programs/create-program";
import { basicProgram } from "../helpers/domain-fixture";
import { trackCustomer } from "../../domain/customers/track-customer";
import { recordClick } from "../../domain/links/record-click";
import { findCustomerPartners } from "../../domain/portal/find-customer-partners";
import { recordTransaction } from "../../domain/transactions/record-transaction";
import { loadConfig } from "../../runtime/config";
import { signedProxyUrl } from "../helpers/app-proxy-signer";
import { launchChromium } from "../helpers/browser";
import { newsletterProgram, startAppWithShop } from "../helpers/proxy-app";

const SHOP = "portal-pages.myshopify.com";
const SCREENS = process.env.SCREENSHOT_DIR ?? join(tmpdir(), "affiliate-hub-portal-screens");

/** Every portal page rendered in chromium as the theme would place it (the liquid body inside a page). */
describe("partner portal pages in chromium", () => {
  let fixture: Awaited<ReturnType<typeof startAppWithShop>>;
  let browser: Browser;
  let page: Page;
  const secret = loadConfig().shopify.apiSecret;

  const show = async (name: string, response: Response) => {
    const body = await response.text();
    await page.setContent(`<!doctype html><html><head><meta charset="utf-8"><title>Store</title></head><body style="margin:0;background:#fff">${body}</body></html>`);
    await page.screenshot({ path: join(SCREENS, `${name}.png`), fullPage: true });
    return page;
  };
  const request = (path: string, customerId: string | null, init: RequestInit = {}, query: Record<string, string> = {}) =>
    fetch(signedProxyUrl(fixture.app.url, path, { shop: SHOP, secret, customerId, query }), { redirect: "manual", ...init });

  beforeAll(async () => {
    mkdirSync(SCREENS, { recursive: true });
    fixture = await startAppWithShop("pglite", SHOP, { name: "Partner program", autoApprovePartners: true, leadSubmission: true, holdDays: 14 });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1024, height: 800 } });
  });
  afterAll(async () => {
    await browser?.close();
    await fixture?.close();
  });

  it("login prompt", async () => {
    const shown = await show("1-login", await request("/portal", null));
    await expect(shown.getByRole("link", { name: "Log in" }).isVisible()).resolves.toBe(true);
  });

  it("signup form, and the same form naming a wrong field", async () => {
    const shown = await show("2-signup", await request("/portal", "9001"));
    await expect(shown.getByLabel("Email for partner messages and payouts").isVisible()).resolves.toBe(true);
    const token = formToken(`${fixture.shop.id}:9001:signup:`);
    const bad = await request("/signup", "9001", { method: "POST", body: new URLSearchParams({ form_token: token, program: fixture.program.id, email: "nope" }) });
    expect(bad.status).toBe(400);
    const error = await show("3-signup-error", bad);
    await expect(error.getByRole("alert").textContent()).resolves.toBe("Email must be an email address");
  });

  it("dashboard with links, stats, commissions, payouts form and leads", async () => {
    const token = formToken(`${fixture.shop.id}:9001:signup:`);
    const joined = await request("/signup", "9001", { method: "POST", body: new URLSearchParams({ form_token: token, program: fixture.program.id, email: "mia@example.com", name: "Mia Rossi" }) });
    expect(joined.status).toBe(303);
    const db = fixture.app.database.db;
    const [{ partner, program }] = (await findCustomerPartners(db, fixture.shop.id, "9001")) as [Awaited<ReturnType<typeof findCustomerPartners>>[number]];
    for (let i = 0; i < 3; i++) await recordClick(db, fixture.shop.id, { referralKey: partner.key, url: `https://${SHOP}/?ref=${partner.key}` }, clickFingerprintKey());
    const { customer } = await trackCustomer(db, program, { key: "c-1", email: "june.buyer@example.com", referralKey: partner.key });
    await recordTransaction(db, program, customer, { provider: "test", externalId: "o-1", type: "sale", amount: 25_990, currency: "USD" });
    const shown = await show("4-dashboard", await request("/portal", "9001", {}, { notice: "joined" }));
    await expect(shown.getByRole("heading", { name: "Hi Mia Rossi" }).isVisible()).resolves.toBe(true);
    await expect(shown.getByRole("status").textContent()).resolves.toContain("Welcome aboard");
    await expect(shown.getByText("25.99 USD").first().isVisible()).resolves.toBe(true);
    await expect(shown.getByRole("button", { name: "Save payout method" }).isVisible()).resolves.toBe(true);
    await expect(shown.getByRole("button", { name: "Submit lead" }).isVisible()).resolves.toBe(true);
  });

  it("dashboard with the merchant's banners, loaded through the app proxy, and their HTML to copy", async () => {
    const db = fixture.app.database.db;
    await createCreative(db, fixture.shop.id, { programId: fixture.program.id, name: "Summer sale leaderboard", altText: "Summer sale", linkPath: "/collections/sale", bytes: demoBanner(728, 90, [230, 92, 60], [250, 180, 60]) });
    await createCreative(db, fixture.shop.id, { programId: fixture.program.id, name: "New arrivals square", bytes: demoBanner(250, 250, [40, 90, 160], [60, 170, 150]) });
    // The storefront serves /apps/partners/creatives/ID through the app proxy: forward it to the app, signed.
    await page.route(`https://${SHOP}/apps/partners/creatives/*`, async (route) => {
      const path = new URL(route.request().url()).pathname.replace("/apps/partners", "");
      const response = await request(path, null);
      await route.fulfill({ status: response.status, headers: Object.fromEntries(response.headers), body: Buffer.from(await response.arrayBuffer()) });
    });
    const body = await (await request("/portal", "9001")).text();
    await page.setContent(`<!doctype html><html><head><meta charset="utf-8"><base href="https://${SHOP}/"></head><body style="margin:0">${body}</body></html>`, { waitUntil: "networkidle" });
    const banners = page.locator(".creative img");
    await expect(banners.count()).resolves.toBe(2);
    for (const width of await banners.evaluateAll((images) => images.map((i) => (i as HTMLImageElement).naturalWidth))) expect(width).toBeGreaterThan(0);
    const snippet = await page.getByLabel("HTML for Summer sale leaderboard").inputValue();
    expect(snippet).toMatch(new RegExp(`^<a href="https://${SHOP}/collections/sale\\?ref=[A-Za-z0-9_-]+" rel="sponsored"><img src="https://${SHOP}/apps/partners/creatives/[0-9a-f-]+" alt="Summer sale" width="728" height="90"></a>$`));
    await page.locator(".creative").first().scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SCREENS, "4b-dashboard-creatives.png"), fullPage: true });
  });

  it("newsletter join form and a subscriber's progress page", async () => {
    const db = fixture.app.database.db;
    const { program } = await createProgram(db, fixture.shop.id, { ...basicProgram, ...newsletterProgram("The Letter", { type: "store_credit", amount: 2500 }) });
    const joinForm = await show("7-newsletter-join", await request("/newsletter/join", null, {}, { ref: "SOMEONE" }));
    await expect(joinForm.getByRole("heading", { name: "Join The Letter" }).isVisible()).resolves.toBe(true);
    const { token } = await subscribe(db, fixture.shop.id, { programId: program.id, email: "reader@example.com" });
    const confirmed = await request("/newsletter/confirm", null, {}, { token: token! });
    const subscriber = new URL(confirmed.headers.get("location")!, "https://x").searchParams.get("subscriber")!;
    const shown = await show("8-newsletter-subscriber", await request("/newsletter", null, {}, { subscriber }));
    await expect(shown.getByText("3 to go").isVisible()).resolves.toBe(true);
    await expect(shown.getByText("25.00 USD store credit").isVisible()).resolves.toBe(true);
  });

  it("email sign-in: the form, 'check your email', the emailed link's button and the signed-in dashboard", async () => {
    const login = await show("9-email-login", await request("/login", null));
    await expect(login.getByLabel("Your email").isVisible()).resolves.toBe(true);
    await expect(login.getByRole("button", { name: "Email me a sign-in link" }).isVisible()).resolves.toBe(true);
    const sent = await request("/login", null, { method: "POST", body: new URLSearchParams({ email: "mia@example.com" }) });
    expect(sent.status).toBe(202);
    const check = await show("10-check-email", sent);
    await expect(check.getByRole("heading", { name: "Check your email" }).isVisible()).resolves.toBe(true);
    await expect(check.getByText("mia@example.com").isVisible()).resolves.toBe(true);

    const { token } = await requestPortalLogin(fixture.app.database.db, fixture.shop.id, { email: "mia@example.com" });
    const confirm = await show("11-confirm-sign-in", await request("/login/confirm", null, {}, { token }));
    await expect(confirm.getByRole("button", { name: "Continue to my partner dashboard" }).isVisible()).resolves.toBe(true);
    const used = await request("/login/confirm", null, { method: "POST", body: new URLSearchParams({ token }) });
    const target = new URL(used.headers.get("location")!, "https://x");
    const dashboard = await show("12-email-session-dashboard", await request("/portal", null, {}, Object.fromEntries(target.searchParams)));
    await expect(dashboard.getByRole("heading", { name: "Hi Mia Rossi" }).isVisible()).resolves.toBe(true);
    await expect(dashboard.getByRole("button", { name: "Sign out" }).isVisible()).resolves.toBe(true);

    const apply = await show("13-apply-by-email", await request("/signup", null));
    await expect(apply.getByText("We email you a link to confirm your address").isVisible()).resolves.toBe(true);
  });

  it("a program the customer is not a partner of", async () => {
    const response = await request("/portal", "9001", {}, { program: "00000000-0000-4000-8000-000000000000" });
    expect(response.status).toBe(404);
    const shown = await show("5-not-yours", response);
    await expect(shown.getByRole("alert").textContent()).resolves.toBe("You are not a partner in this program.");
  });
});
