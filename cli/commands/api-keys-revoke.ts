import { revokeApiKey } from "../../domain/access/revoke-api-key";
import { findShopByDomainOrThrow } from "../../domain/shops/find-shop-by-domain-or-throw";
import { CliUsageError, requireFlag } from "../args";
import { apiKeyLine } from "./api-keys-list";
import type { CliCommand } from "./command";

export const apiKeysRevoke: CliCommand = {
  name: "api-keys revoke",
  usage: "api-keys revoke --shop your-store.myshopify.com --id ID | --prefix ahk_XXXXXX",
  async run(flags, { db }) {
    const shop = await findShopByDomainOrThrow(db, requireFlag(flags, "shop"));
    const id = flags.id?.trim();
    const prefix = flags.prefix?.trim();
    if (Boolean(id) === Boolean(prefix)) throw new CliUsageError("give --id or --prefix (one of them)");
    return [apiKeyLine(await revokeApiKey(db, shop.id, id ? { id } : { prefix: prefix! }))];
  },
};
