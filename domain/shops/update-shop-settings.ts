import { eq } from "drizzle-orm";
import type { Database } from "../../db/client";
import { shops } from "../../db/schema/index";
import { knownTimeZone, type ShopSettings } from "./shop-settings";

/** Stores the shop's settings on its row (scoped to that one shop). */
export async function updateShopSettings(db: Database, shopId: string, settings: ShopSettings): Promise<void> {
  await db
    .update(shops)
    .set({ ...settings, timezone: settings.timezone ? knownTimeZone(settings.timezone) : undefined, settingsSyncedAt: new Date() })
    .where(eq(shops.id, shopId));
}
