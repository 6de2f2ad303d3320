import { and, eq, isNull, lt, or, sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import { apiKeys, shops } from "../../db/schema/index";
import { hashApiKey } from "../../domain/access/create-api-key";
import { ApiError } from "./errors.server";

const TOUCH_EVERY_MS = 60_000;

/** Records last_used_at at most once a minute per key, off the request's path (the conditional UPDATE settles races). */
function touchApiKey(db: Database, id: string, lastUsedAt: Date | null): void {
  if (lastUsedAt && Date.now() - lastUsedAt.getTime() < TOUCH_EVERY_MS) return;
  db.update(apiKeys)
    .set({ lastUsedAt: sql`now()` })
    .where(and(eq(apiKeys.id, id), or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, sql`now() - interval '1 minute'`))))
    .catch((error: Error) => console.error(`[api] could not record last_used_at of API key ${id}: ${error.message}`));
}

/** `Authorization: Bearer <key>` -> the key's shop id. 401 on a missing, unknown or revoked key. */
export async function authenticateApiKey(db: Database, request: Request): Promise<string> {
  const header = request.headers.get("authorization") ?? "";
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) throw new ApiError(401, "unauthorized", "send an API key as Authorization: Bearer <key>", "authorization");
  const [row] = await db
    .select({ id: apiKeys.id, shopId: apiKeys.shopId, lastUsedAt: apiKeys.lastUsedAt })
    .from(apiKeys)
    .innerJoin(shops, eq(shops.id, apiKeys.shopId))
    .where(and(eq(apiKeys.secretHash, hashApiKey(match[1]!)), isNull(apiKeys.revokedAt), isNull(shops.uninstalledAt)))
    .limit(1);
  if (!row) throw new ApiError(401, "unauthorized", "the API key is not valid", "authorization");
  touchApiKey(db, row.id, row.lastUsedAt);
  return row.shopId;
}
