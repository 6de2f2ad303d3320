import { and, eq, isNull, sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import { apiKeys } from "../../db/schema/index";
import { isUuid } from "../shared/ids";
import { conflict, notFound } from "../shared/errors";
import { apiKeyColumns, type ApiKeyInfo } from "./list-api-keys";

/** Revokes one key of the shop, by id or by its shown prefix; revoking a revoked key keeps its first revoked_at. */
export async function revokeApiKey(db: Database, shopId: string, by: { id: string } | { prefix: string }): Promise<ApiKeyInfo> {
  const match = "id" in by ? (isUuid(by.id) ? eq(apiKeys.id, by.id) : sql`false`) : eq(apiKeys.prefix, by.prefix);
  const found = await db.select({ id: apiKeys.id }).from(apiKeys).where(and(eq(apiKeys.shopId, shopId), match)).limit(2);
  if (found.length === 0) throw notFound("API key", "id" in by ? "id" : "prefix");
  if (found.length > 1) throw conflict(`prefix ${"prefix" in by ? by.prefix : ""} matches several keys; revoke by --id`, "prefix");
  const keyId = found[0]!.id;
  await db
    .update(apiKeys)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(apiKeys.shopId, shopId), eq(apiKeys.id, keyId), isNull(apiKeys.revokedAt)));
  const [key] = await db.select(apiKeyColumns).from(apiKeys).where(and(eq(apiKeys.shopId, shopId), eq(apiKeys.id, keyId)));
  return key!;
}
