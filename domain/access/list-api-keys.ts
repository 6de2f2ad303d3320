import { asc, eq } from "drizzle-orm";
import type { Database } from "../../db/client";
import { apiKeys } from "../../db/schema/index";

/** What may be shown about a key: never its secret or hash. */
export const apiKeyColumns = {
  id: apiKeys.id,
  name: apiKeys.name,
  prefix: apiKeys.prefix,
  createdAt: apiKeys.createdAt,
  lastUsedAt: apiKeys.lastUsedAt,
  revokedAt: apiKeys.revokedAt,
};

export type ApiKeyInfo = { id: string; name: string | null; prefix: string; createdAt: Date; lastUsedAt: Date | null; revokedAt: Date | null };

export async function listApiKeys(db: Database, shopId: string): Promise<ApiKeyInfo[]> {
  return db.select(apiKeyColumns).from(apiKeys).where(eq(apiKeys.shopId, shopId)).orderBy(asc(apiKeys.createdAt), asc(apiKeys.id));
}
