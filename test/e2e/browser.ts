import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { launchChromium as launchHeadlessChromium } from "../helpers/browser";

export const SCREENSHOT_DIR = join(process.cwd(), "test-results", "admin");

/** The browser tests' chromium (test/helpers/browser.ts: Debian's when installed, else the npm one), with the screenshot folder ready. */
export async function launchChromium(): Promise<Browser> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  return launchHeadlessChromium();
}

/** A page that records uncaught errors and answers anything on Shopify's CDN with an empty script (offline). */
export async function newAdminPage(browser: Browser): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  await page.route("https://cdn.shopify.com/**", (route) => route.fulfill({ status: 200, contentType: "text/javascript", body: "" }));
  return { page, errors };
}
