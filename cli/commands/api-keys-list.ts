import type { ApiKeyInfo } from "../../domain/access/list-api-keys";
import { listApiKeys } from "../../domain/access/list-api-keys";
import { findShopByDomainOrThrow } from "../../domain/shops/find-shop-by-domain-or-throw";
import { requireFlag } from "../args";
import type { CliCommand } from "./command";

const iso = (d: Date | null) => d?.toISOString() ?? null;

export const apiKeyLine = (k: ApiKeyInfo) =>
  JSON.stringify({ id: k.id, name: k.name, prefix: k.prefix, created_at: iso(k.createdAt), last_used_at: iso(k.lastUsedAt), revoked_at: iso(k.revokedAt) });

export const apiKeysList: CliCommand = {
  name: "api-keys list",
  usage: "api-keys list --shop your-store.myshopify.com",
  async run(flags, { db }) {
    const shop = await findShopByDomainOrThrow(db, requireFlag(flags, "shop"));
    return (await listApiKeys(db, shop.id)).map(apiKeyLine);
  },
};
