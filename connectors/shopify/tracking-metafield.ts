import type { TrackingSettings } from "../../domain/programs/tracking-settings";
import type { AdminRequest } from "./admin-client";

/** Where the theme app extension reads it: app.metafields.affiliate_hub.tracking (a metafield of the app installation, private to the app). */
export const TRACKING_METAFIELD = { namespace: "affiliate_hub", key: "tracking" } as const;

const APP_INSTALLATION = `query TrackingAppInstallation { currentAppInstallation { id } }`;

const METAFIELDS_SET = `mutation TrackingMetafieldsSet($metafields: [MetafieldsSetInput!]!) {
  metafieldsSet(metafields: $metafields) { metafields { id } userErrors { field message code } }
}`;

/**
 * Writes the programs' tracking settings to the app's own metafield on its installation, which only this app can
 * change and which Liquid reads through `app.metafields`. Throws on any error, so the job retries.
 */
export async function writeTrackingMetafield(request: AdminRequest, settings: TrackingSettings): Promise<void> {
  const { currentAppInstallation } = await request<{ currentAppInstallation: { id: string } }>(APP_INSTALLATION, {});
  const data = await request<{ metafieldsSet: { userErrors: { field?: string[] | null; message: string }[] } }>(METAFIELDS_SET, {
    metafields: [{ ownerId: currentAppInstallation.id, ...TRACKING_METAFIELD, type: "json", value: JSON.stringify(settings) }],
  });
  const errors = data.metafieldsSet.userErrors;
  if (errors.length) throw new Error(`metafieldsSet refused the tracking settings: ${errors.map((e) => `${e.field?.join(".") ?? ""} ${e.message}`.trim()).join("; ")}`);
}
