import { desc, eq } from "drizzle-orm";
import type { Database } from "../../db/client";
import { providerConnections } from "../../db/schema/index";

/** A shop's billing connections, without their secrets. */
export async function listProviderConnections(db: Database, shopId: string) {
  return db
    .select({
      id: providerConnections.id,
      provider: providerConnections.provider,
      name: providerConnections.name,
      disabledAt: providerConnections.disabledAt,
      createdAt: providerConnections.createdAt,
    })
    .from(providerConnections)
    .where(eq(providerConnections.shopId, shopId))
    .orderBy(desc(providerConnections.createdAt));
}
