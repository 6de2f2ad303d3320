import { DEMO_SHOP_DOMAIN } from "../../domain/demo/seed-demo";
import { findShopByDomain, upsertInstalledShop } from "../../domain/shops/create-shop";
import { db } from "../db.server";
import { appConfig, authenticate } from "../shopify.server";
import { isDemoMode } from "./demo-mode.server";
import type { Shop } from "../../db/schema/rows";

type AdminApi = Awaited<ReturnType<typeof authenticate.admin>>["admin"];

export interface AdminContext {
  shop: Shop;
  /** true when the request runs as the demo shop without Shopify authentication (see isDemoMode). */
  demo: boolean;
  /** The Admin API client; absent in demo mode. */
  admin?: AdminApi;
}

/** Every admin loader and action starts here: the shop comes from the session token, never from the request. */
export async function requireShop(request: Request): Promise<AdminContext> {
  if (isDemoMode(appConfig())) return { shop: await shopOf(DEMO_SHOP_DOMAIN), demo: true };
  const { session, admin } = await authenticate.admin(request);
  return { shop: await shopOf(session.shop), demo: false, admin };
}

const shopOf = async (domain: string): Promise<Shop> => (await findShopByDomain(db(), domain)) ?? upsertInstalledShop(db(), domain);
