import { desc, eq, sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import { providerConnections } from "../../db/schema/index";

/** A shop's billing connections, without their secrets (only whether an API key is set). */
export async function listProviderConnections(db: Database, shopId: string) {
  return db
    .select({
      id: providerConnections.id,
      provider: providerConnections.provider,
      name: providerConnections.name,
      hasApiKey: sql<boolean>`${providerConnections.apiKey} is not null`,
      disabledAt: providerConnections.disabledAt,
      createdAt: providerConnections.createdAt,
    })
    .from(providerConnections)
    .where(eq(providerConnections.shopId, shopId))
    .orderBy(desc(providerConnections.createdAt));
}
