import { createHash, randomBytes } from "node:crypto";
import type { Database } from "../../db/client";
import { apiKeys } from "../../db/schema/index";

const API_KEY_PREFIX = "ahk_";

export const hashApiKey = (key: string): string => createHash("sha256").update(key).digest("hex");

/** Creates a key for a shop; returns the key once. Only its hash and a short prefix are stored. */
export async function createApiKey(db: Database, shopId: string, name?: string): Promise<{ id: string; key: string; prefix: string }> {
  const key = `${API_KEY_PREFIX}${randomBytes(24).toString("base64url")}`;
  const prefix = key.slice(0, 10);
  const [row] = await db
    .insert(apiKeys)
    .values({ shopId, name: name ?? null, prefix, secretHash: hashApiKey(key) })
    .returning({ id: apiKeys.id });
  return { id: row!.id, key, prefix };
}
