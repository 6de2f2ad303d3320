import { createApiKey } from "../../domain/access/create-api-key";
import { findShopByDomainOrThrow } from "../../domain/shops/find-shop-by-domain-or-throw";
import { requireFlag } from "../args";
import type { CliCommand } from "./command";

export const apiKeysCreate: CliCommand = {
  name: "api-keys create",
  usage: "api-keys create --shop your-store.myshopify.com [--name NAME]",
  async run(flags, { db }) {
    const shop = await findShopByDomainOrThrow(db, requireFlag(flags, "shop"));
    const { key, id } = await createApiKey(db, shop.id, flags.name);
    // The key alone on the last line: scripts read it with `| tail -n 1`. It is stored hashed and cannot be shown again.
    return [`API key ${id} for ${shop.domain} (shown once; only its hash is stored):`, key];
  },
};
