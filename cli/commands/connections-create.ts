import { createProviderConnection } from "../../domain/access/create-provider-connection";
import { findShopByDomainOrThrow } from "../../domain/shops/find-shop-by-domain-or-throw";
import { secretBoxOf } from "../../runtime/config";
import { requireFlag } from "../args";
import type { CliCommand } from "./command";

export const connectionsCreate: CliCommand = {
  name: "connections create",
  usage: "connections create --shop your-store.myshopify.com --provider stripe|paddle|chargebee|generic --secret S [--name NAME] [--api-key rk_...]",
  async run(flags, { db, config }) {
    const shop = await findShopByDomainOrThrow(db, requireFlag(flags, "shop"));
    const connection = await createProviderConnection(db, secretBoxOf(config), {
      shopId: shop.id,
      provider: requireFlag(flags, "provider"),
      secret: requireFlag(flags, "secret"),
      name: flags.name,
      apiKey: flags["api-key"],
    });
    const webhookUrl = new URL(`/webhooks/billing/${connection.provider}/${connection.id}`, config.shopify.appUrl).toString();
    return [JSON.stringify({ id: connection.id, shop: shop.domain, provider: connection.provider, webhook_url: webhookUrl })];
  },
};
