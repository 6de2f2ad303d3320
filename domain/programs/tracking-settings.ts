import { asc, eq } from "drizzle-orm";
import type { Database } from "../../db/client";
import { programs } from "../../db/schema/index";
import type { Program } from "../../db/schema/rows";

/**
 * What the storefront tracking script reads (the app's tracking metafield, JSON). Field names are the script's.
 * cookie_days null = as long as browsers allow.
 */
export interface TrackingSettings {
  params: string[];
  path_prefixes: string[];
  cookie_days: number | null;
  attribution: "first_click" | "last_click";
}

const TYPE_ORDER: Record<Program["type"], number> = { affiliate: 0, referral: 1, newsletter: 2 };

/**
 * One storefront, one script: it recognises the link formats of every program that is not archived; the cookie
 * duration and first/last click are those of the oldest affiliate program (else referral, else newsletter).
 * Null when the shop has no program: the embed's own settings apply.
 */
export function trackingSettingsOf(list: Pick<Program, "type" | "linkParams" | "linkPathPrefix" | "cookieDays" | "attribution" | "archivedAt">[]): TrackingSettings | null {
  const active = list.filter((p) => !p.archivedAt);
  const lead = [...active].sort((a, b) => TYPE_ORDER[a.type] - TYPE_ORDER[b.type])[0];
  if (!lead) return null;
  const unique = (values: string[]) => [...new Set(values)];
  return {
    params: unique(active.flatMap((p) => p.linkParams)),
    path_prefixes: unique(active.flatMap((p) => (p.linkPathPrefix ? [p.linkPathPrefix.replace(/\/+$/, "")] : []))),
    cookie_days: lead.cookieDays,
    attribution: lead.attribution,
  };
}

/** The shop's tracking settings from its programs, oldest first (see trackingSettingsOf). */
export async function shopTrackingSettings(db: Database, shopId: string): Promise<TrackingSettings | null> {
  const rows = await db.select().from(programs).where(eq(programs.shopId, shopId)).orderBy(asc(programs.createdAt), asc(programs.id));
  return trackingSettingsOf(rows);
}
