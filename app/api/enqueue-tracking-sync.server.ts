import { currentProducerOrThrow } from "../../jobs/current";
import { syncTrackingSettingsJob } from "../../jobs/sync-tracking-settings";

/**
 * After a program is saved: the sync-tracking-settings job writes the shop's tracking settings to the metafield
 * the storefront reads. The program is saved either way; with Redis down the metafield waits for the next save.
 */
export async function enqueueTrackingSync(shopId: string): Promise<void> {
  try {
    await currentProducerOrThrow().enqueue(syncTrackingSettingsJob, { shopId });
  } catch (error) {
    console.error(`[programs] could not enqueue sync-tracking-settings for shop ${shopId}: ${(error as Error).message}`);
  }
}
