import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createProgram } from "../../domain/programs/create-program";
import { loadConfig } from "../../runtime/config";
import { signedProxyUrl } from "../helpers/app-proxy-signer";
import { launchChromium } from "../helpers/browser";
import { basicProgram } from "../helpers/domain-fixture";
import { startAppWithShop } from "../helpers/proxy-app";
import { installByTokenExchange, mockShopifyAdmin } from "../helpers/shopify-admin-mock";
import { startStorefront } from "../helpers/storefront-server";

const SHOP = "refer-widget.myshopify.com";
const CUSTOMER = "8101";
// blocks/refer-a-friend.liquid as the theme renders it for a logged-in customer.
const BLOCK = `<div class="ah-refer" data-affiliate-hub-refer data-proxy="/apps/partners" style="padding:16px;border:1px solid rgba(0,0,0,.15);border-radius:8px">
  <h2 style="margin-top:0">Give a friend a discount</h2>
  <p data-refer-text>Getting your referral link…</p>
  <div data-refer-link style="display:none;gap:8px"><input readonly style="flex:1" aria-label="Your referral link"><button type="button">Copy link</button></div>
  <script src="/assets/refer-a-friend.js" defer></script>
</div>`;

describe("refer-a-friend app block in chromium, through a signing app proxy", () => {
  let fixture: Awaited<ReturnType<typeof startAppWithShop>>;
  let storefront: Awaited<ReturnType<typeof startStorefront>>;
  let browser: Browser;
  let admin: ReturnType<typeof mockShopifyAdmin>;
  const config = loadConfig();

  beforeAll(async () => {
    admin = mockShopifyAdmin(SHOP, { customerEmails: { [CUSTOMER]: "rita@example.com" } });
    fixture = await startAppWithShop("pglite", SHOP);
    const db = fixture.app.database.db;
    await installByTokenExchange(loadConfig(), db, SHOP);
    await createProgram(db, fixture.shop.id, {
      ...basicProgram,
      name: "Refer a friend",
      type: "referral",
      commission: { kind: "percentage", percentBasisPoints: 0 },
      friendReward: { type: "percentage_discount", percentBasisPoints: 1500 },
      referrerReward: { type: "store_credit", amount: 1000 },
    });
    storefront = await startStorefront(async (path) => {
      const response = await fetch(signedProxyUrl(fixture.app.url, path, { shop: SHOP, secret: config.shopify.apiSecret, customerId: CUSTOMER }));
      return { status: response.status, body: await response.text() };
    });
    storefront.reset({ body: BLOCK });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await storefront?.close();
    await fixture?.close();
    admin?.close();
  });

  it("shows the logged-in customer's link with both rewards", async () => {
    const page = await browser.newPage();
    await page.goto(`${storefront.url}/pages/refer`);
    const input = page.getByLabel("Your referral link");
    await input.waitFor({ state: "visible" });
    const link = await input.inputValue();
    expect(link).toMatch(new RegExp(`^https://${SHOP}/discount/RITA-[A-Z0-9]{4}\\?redirect=%2F%3Fref%3DRITA-[A-Z0-9]{4}$`));
    await expect(page.locator("[data-refer-text]").textContent()).resolves.toBe(
      "Share your link: your friends get 15% off, and you get 10.00 USD in store credit when they place their first order.",
    );
    await page.screenshot({ path: join(process.env.SCREENSHOT_DIR ?? join(tmpdir(), "affiliate-hub-portal-screens"), "6-refer-widget.png") });
    expect(admin.of("RewardDiscountCreate")).toHaveLength(1);
  });
});
