import { createShop } from "../../domain/shops/create-shop";
import { requireFlag } from "../args";
import type { CliCommand } from "./command";

export const shopsCreate: CliCommand = {
  name: "shops create",
  usage: "shops create --domain your-store.myshopify.com [--currency USD] [--name NAME]",
  async run(flags, { db }) {
    const shop = await createShop(db, { domain: requireFlag(flags, "domain"), currency: flags.currency, name: flags.name });
    return [JSON.stringify({ id: shop.id, domain: shop.domain, currency: shop.currency })];
  },
};
