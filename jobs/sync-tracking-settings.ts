import { eq } from "drizzle-orm";
import { z } from "zod";
import { ShopNotInstalledError } from "../connectors/shopify/admin-client";
import { writeTrackingMetafield } from "../connectors/shopify/tracking-metafield";
import { shops } from "../db/schema/index";
import { shopTrackingSettings } from "../domain/programs/tracking-settings";
import { defineJob } from "./definition";

/**
 * Writes a shop's tracking settings (from its programs, read when the job runs, so the latest save wins) to the
 * app's metafield that the storefront's tracking embed reads. Enqueued whenever a program is saved; retried with
 * backoff when Shopify fails. A shop without a Shopify session (not installed, or the local demo) is skipped.
 */
export const syncTrackingSettingsJob = defineJob({
  name: "sync-tracking-settings",
  queue: "maintenance",
  payload: z.object({ shopId: z.uuid() }).strict(),
  options: { attempts: 6, backoff: { type: "exponential", delay: 1_000 } },
  async handle({ shopId }, { db, shopifyAdmin, log }) {
    const [shop] = await db.select().from(shops).where(eq(shops.id, shopId));
    if (!shop || shop.uninstalledAt) return { written: false, reason: "no Shopify session" };
    const settings = await shopTrackingSettings(db, shopId);
    if (!settings) return { written: false, reason: "no program" };
    try {
      await writeTrackingMetafield(await shopifyAdmin.forShop(shop.domain), settings);
    } catch (error) {
      if (error instanceof ShopNotInstalledError) return { written: false, reason: "no Shopify session" };
      throw error;
    }
    log(`tracking settings written for ${shop.domain}`);
    return { written: true };
  },
});
