import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { and, eq } from "drizzle-orm";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { creatives, rewards } from "../../db/schema/index";
import type { RunningApp } from "../../runtime/start";
import { pngImage, scriptedSvg } from "../helpers/test-images";
import { SCREENSHOT_DIR } from "./browser";
import { startDemoAdmin } from "./demo-admin";

vi.setConfig({ testTimeout: 120_000 });

describe("creatives and rewards pages in demo mode (chromium)", () => {
  let app: RunningApp;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let shopId: string;
  const files = mkdtempSync(join(tmpdir(), "creatives-e2e-"));

  beforeAll(async () => {
    ({ app, shopId, browser, page, errors } = await startDemoAdmin({ worker: true }));
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  const open = async (path: string) => expect((await page.goto(`${app.url}${path}`, { waitUntil: "networkidle" }))?.status(), path).toBe(200);
  const shot = (name: string) => page.screenshot({ path: `${SCREENSHOT_DIR}/${name}.png`, fullPage: true });

  it("lists the seeded banners with their thumbnails, uploads one through the drop zone, refuses an SVG, archives one", async () => {
    await open("/app/creatives");
    const text = await page.locator("body").innerText();
    expect(text).toContain("Summer sale leaderboard");
    expect(text).toContain("728×90");
    const thumbnails = await page.locator("img[src^='/creatives/']").evaluateAll((images) => images.map((i) => (i as HTMLImageElement).naturalWidth));
    expect(thumbnails).toHaveLength(2);
    for (const width of thumbnails) expect(width).toBeGreaterThan(0);
    await shot("creatives");

    const svg = join(files, "evil.svg");
    writeFileSync(svg, scriptedSvg());
    await page.getByLabel("Name").fill("Evil");
    await page.locator("input[type=file]").setInputFiles(svg);
    // The drop zone refuses it in the browser; the server refuses it too (test/integration/creatives.test.ts).
    await expect.poll(() => page.locator("body").innerText()).toContain("evil.svg is not a PNG, JPEG, GIF or WebP image (SVG is not accepted: it can carry script)");

    const png = join(files, "skyscraper.png");
    writeFileSync(png, pngImage(160, 600, [120, 60, 200]));
    await page.getByLabel("Name").fill("Skyscraper");
    await page.getByLabel("Link target").fill("/collections/new");
    await page.locator("input[type=file]").setInputFiles(png);
    await expect.poll(() => page.locator("body").innerText()).toContain("skyscraper.png");
    await page.getByRole("button", { name: "Upload" }).click();
    await expect.poll(() => page.locator("body").innerText()).toContain("Skyscraper uploaded");
    await expect.poll(() => page.locator("body").innerText()).toContain("160×600");
    const [stored] = await app.database.db.select().from(creatives).where(and(eq(creatives.shopId, shopId), eq(creatives.name, "Skyscraper")));
    expect(stored).toMatchObject({ contentType: "image/png", width: 160, height: 600, linkPath: "/collections/new" });
    expect(await app.database.db.select().from(creatives).where(eq(creatives.name, "Evil"))).toEqual([]);

    await page.getByRole("button", { name: "Archive" }).first().click();
    await expect.poll(() => page.locator("body").innerText()).toContain("archived: partners no longer see it");
    await shot("creatives-after-upload");
    expect(errors).toEqual([]);
  });

  it("shows rewards in each status with what was issued, and retries the refused one", async () => {
    await open("/app/rewards");
    const text = await page.locator("body").innerText();
    for (const expected of ["THANKS-7Q4M2KXD", "$10.00 store credit", "Store credit is not enabled", "issuing", "failed", "3 confirmed referrals"]) expect(text).toContain(expected);
    await shot("rewards");
    // The refused one and the one stuck issuing for 45 minutes may be retried; issued ones not.
    const retry = page.getByRole("button", { name: "Retry" });
    await expect(retry.count()).resolves.toBe(2);
    const failed = (await app.database.db.select().from(rewards).where(and(eq(rewards.shopId, shopId), eq(rewards.status, "failed"))))[0]!;
    await page.locator("tr", { hasText: "Store credit is not enabled" }).getByRole("button", { name: "Retry" }).click();
    await expect.poll(() => page.locator("body").innerText()).toContain("Retrying: the reward is being issued again");
    // Demo mode has no Shopify store: the released reward waits, unclaimed, for an installed shop.
    expect(await app.database.db.select().from(rewards).where(eq(rewards.id, failed.id))).toEqual([]);
    await shot("rewards-after-retry");
    expect(errors).toEqual([]);
  });
});
