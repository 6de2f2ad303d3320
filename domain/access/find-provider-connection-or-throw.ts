import { and, asc, eq } from "drizzle-orm";
import type { Database } from "../../db/client";
import { providerConnections } from "../../db/schema/index";
import { notFound } from "../shared/errors";
import { isUuid } from "../shared/ids";
import type { ProviderConnection } from "../../db/schema/rows";

/** A connection of this shop; another shop's connection is reported as absent. */
export async function findProviderConnectionOrThrow(db: Database, shopId: string, id: string, field = "id"): Promise<ProviderConnection> {
  if (!isUuid(id)) throw notFound("connection", field);
  const [connection] = await db
    .select()
    .from(providerConnections)
    .where(and(eq(providerConnections.shopId, shopId), eq(providerConnections.id, id)))
    .limit(1);
  if (!connection) throw notFound("connection", field);
  return connection;
}

/** Every connection of the shop, oldest first (a shop has a handful). */
export async function listProviderConnections(db: Database, shopId: string): Promise<ProviderConnection[]> {
  return db.select().from(providerConnections).where(eq(providerConnections.shopId, shopId)).orderBy(asc(providerConnections.createdAt), asc(providerConnections.id));
}
