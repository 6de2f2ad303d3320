import { and, eq } from "drizzle-orm";
import type { Database } from "../../db/client";
import { providerConnections } from "../../db/schema/index";
import { findProviderConnectionOrThrow } from "./find-provider-connection-or-throw";
import type { ProviderConnection } from "../../db/schema/rows";

/** Renames a connection or replaces its config (already validated by its connector); the secret is never touched here. */
export async function updateProviderConnection(
  db: Database,
  shopId: string,
  id: string,
  changes: { name?: string | null; config?: Record<string, unknown> },
): Promise<ProviderConnection> {
  await findProviderConnectionOrThrow(db, shopId, id);
  if (changes.name === undefined && changes.config === undefined) return findProviderConnectionOrThrow(db, shopId, id);
  const [row] = await db
    .update(providerConnections)
    .set({ ...(changes.name !== undefined ? { name: changes.name } : {}), ...(changes.config !== undefined ? { config: changes.config } : {}) })
    .where(and(eq(providerConnections.shopId, shopId), eq(providerConnections.id, id)))
    .returning();
  return row!;
}
