import { and, eq } from "drizzle-orm";
import type { Database } from "../../db/client";
import { clicks, links } from "../../db/schema/index";
import { isUuid } from "../shared/ids";

/** A click of this shop with the key of its link and its time, or undefined (also for an id that is no uuid). */
export async function findClick(db: Database, shopId: string, clickId: string | null | undefined) {
  if (!clickId || !isUuid(clickId)) return undefined;
  const [row] = await db
    .select({ id: clicks.id, key: links.key, clickedAt: clicks.clickedAt })
    .from(clicks)
    .innerJoin(links, eq(links.id, clicks.linkId))
    .where(and(eq(clicks.shopId, shopId), eq(clicks.id, clickId)))
    .limit(1);
  return row;
}
