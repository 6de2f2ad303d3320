import { and, eq, isNull } from "drizzle-orm";
import type { Database } from "../../db/client";
import { creatives } from "../../db/schema/index";
import { isUuid } from "../shared/ids";

/**
 * The bytes of a shop's creative; undefined for another shop's or an unknown one, and for an archived one unless
 * `includeArchived` (the admin still shows archived banners).
 */
export async function findCreativeImage(db: Database, shopId: string, id: string, { includeArchived = false } = {}) {
  if (!isUuid(id)) return undefined;
  const [row] = await db
    .select({ data: creatives.data, contentType: creatives.contentType, sha256: creatives.sha256 })
    .from(creatives)
    .where(and(eq(creatives.shopId, shopId), eq(creatives.id, id), includeArchived ? undefined : isNull(creatives.archivedAt)))
    .limit(1);
  return row;
}
