import { and, eq, inArray } from "drizzle-orm";
import type { Database } from "../../db/client";
import { links, partnerGroups, shops } from "../../db/schema/index";
import type { Link, Partner } from "../../db/schema/rows";

/** Links and group names of some partners of one shop, and the shop's domain for link URLs. */
export async function partnerDetails(db: Database, shopId: string, partnerList: Partner[]) {
  const ids = partnerList.map((p) => p.id);
  const groupIds = partnerList.map((p) => p.groupId).filter((g): g is string => g !== null);
  const [shop] = await db.select({ domain: shops.domain }).from(shops).where(eq(shops.id, shopId));
  const linkRows = ids.length ? await db.select().from(links).where(and(eq(links.shopId, shopId), inArray(links.partnerId, ids))).orderBy(links.createdAt) : [];
  const groups = groupIds.length
    ? await db.select().from(partnerGroups).where(and(eq(partnerGroups.shopId, shopId), inArray(partnerGroups.id, groupIds)))
    : [];
  const linksOf = (partnerId: string): Link[] => linkRows.filter((l) => l.partnerId === partnerId);
  const groupOf = (groupId: string | null) => groups.find((g) => g.id === groupId)?.name ?? null;
  return { shopDomain: shop!.domain, linksOf, groupOf };
}
