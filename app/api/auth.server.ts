import { and, eq, isNull } from "drizzle-orm";
import type { Database } from "../../db/client";
import { apiKeys, shops } from "../../db/schema/index";
import { hashApiKey } from "../../domain/access/create-api-key";
import { ApiError } from "./errors.server";

/** `Authorization: Bearer <key>` -> the key's shop id. 401 on a missing, unknown or revoked key. */
export async function authenticateApiKey(db: Database, request: Request): Promise<string> {
  const header = request.headers.get("authorization") ?? "";
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) throw new ApiError(401, "unauthorized", "send an API key as Authorization: Bearer <key>", "authorization");
  const [row] = await db
    .select({ id: apiKeys.id, shopId: apiKeys.shopId })
    .from(apiKeys)
    .innerJoin(shops, eq(shops.id, apiKeys.shopId))
    .where(and(eq(apiKeys.secretHash, hashApiKey(match[1]!)), isNull(apiKeys.revokedAt), isNull(shops.uninstalledAt)))
    .limit(1);
  if (!row) throw new ApiError(401, "unauthorized", "the API key is not valid", "authorization");
  return row.shopId;
}
