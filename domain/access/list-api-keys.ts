import { desc, eq } from "drizzle-orm";
import type { Database } from "../../db/client";
import { apiKeys } from "../../db/schema/index";

/** A shop's API keys by prefix; the secret itself is never stored, only its hash. */
export async function listApiKeys(db: Database, shopId: string) {
  return db
    .select({ id: apiKeys.id, name: apiKeys.name, prefix: apiKeys.prefix, lastUsedAt: apiKeys.lastUsedAt, revokedAt: apiKeys.revokedAt, createdAt: apiKeys.createdAt })
    .from(apiKeys)
    .where(eq(apiKeys.shopId, shopId))
    .orderBy(desc(apiKeys.createdAt));
}
