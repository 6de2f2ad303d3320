import { lt } from "drizzle-orm";
import type { Database } from "../../db/client";
import { portalLogins } from "../../db/schema/index";

/** A sign-in is useless a day after it was asked for (15-minute link, 2-hour session): its email goes with it. */
export async function deleteStalePortalLogins(db: Database, now: Date): Promise<number> {
  const deleted = await db
    .delete(portalLogins)
    .where(lt(portalLogins.createdAt, new Date(now.getTime() - 86_400_000)))
    .returning({ id: portalLogins.id });
  return deleted.length;
}
