import type { Browser, Page } from "playwright-core";
import { DEMO_SHOP_DOMAIN, seedDemo } from "../../domain/demo/seed-demo";
import { currentSecretBoxOrThrow } from "../../runtime/current-secret-box";
import type { RunningApp } from "../../runtime/start";
import { startTestApp } from "../helpers/app-server";
import { targetFor } from "../helpers/databases";
import { launchChromium, newAdminPage } from "./browser";

/** The app in demo mode (local, embedded database) on the seeded demo shop, and a chromium page to open it in. */
export async function startDemoAdmin(
  options: { worker?: boolean } = {},
): Promise<{ app: RunningApp; shopId: string; browser: Browser; page: Page; errors: string[] }> {
  const app = await startTestApp({ database: (await targetFor("pglite")).target, worker: options.worker });
  await seedDemo(app.database.db, currentSecretBoxOrThrow());
  const shopId = (await app.database.db.query.shops.findFirst({ where: (s, { eq }) => eq(s.domain, DEMO_SHOP_DOMAIN) }))!.id;
  const browser = await launchChromium();
  const { page, errors } = await newAdminPage(browser);
  return { app, shopId, browser, page, errors };
}
