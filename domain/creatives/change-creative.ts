import { and, eq } from "drizzle-orm";
import type { Database } from "../../db/client";
import { creatives } from "../../db/schema/index";
import { notFound } from "../shared/errors";
import { isUuid } from "../shared/ids";
import { creativeSummaryColumns, type CreativeSummary } from "./create-creative";

const ofShop = (shopId: string, id: string) => and(eq(creatives.shopId, shopId), eq(creatives.id, id));

/** Archived: hidden from partners and no longer served (banners already on partners' sites stop showing). */
export async function setCreativeArchived(db: Database, shopId: string, id: string, archived: boolean): Promise<CreativeSummary> {
  if (!isUuid(id)) throw notFound("creative", "id");
  const [row] = await db.update(creatives).set({ archivedAt: archived ? new Date() : null }).where(ofShop(shopId, id)).returning(creativeSummaryColumns);
  if (!row) throw notFound("creative", "id");
  return row;
}

export async function deleteCreative(db: Database, shopId: string, id: string): Promise<void> {
  if (!isUuid(id)) throw notFound("creative", "id");
  const deleted = await db.delete(creatives).where(ofShop(shopId, id)).returning({ id: creatives.id });
  if (deleted.length === 0) throw notFound("creative", "id");
}
