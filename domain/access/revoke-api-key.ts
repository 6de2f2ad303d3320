import { and, eq, isNull } from "drizzle-orm";
import type { Database } from "../../db/client";
import { apiKeys } from "../../db/schema/index";
import { isUuid } from "../shared/ids";
import { notFound } from "../shared/errors";

/** Revoking is final; revoking a revoked key changes nothing. */
export async function revokeApiKey(db: Database, shopId: string, id: string, now = new Date()): Promise<void> {
  if (!isUuid(id)) throw notFound("API key", "id");
  await db.update(apiKeys).set({ revokedAt: now }).where(and(eq(apiKeys.shopId, shopId), eq(apiKeys.id, id), isNull(apiKeys.revokedAt)));
  const [found] = await db.select({ id: apiKeys.id }).from(apiKeys).where(and(eq(apiKeys.shopId, shopId), eq(apiKeys.id, id)));
  if (!found) throw notFound("API key", "id");
}
