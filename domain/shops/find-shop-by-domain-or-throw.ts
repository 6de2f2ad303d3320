import type { Database } from "../../db/client";
import { notFound } from "../shared/errors";
import { findShopByDomain } from "./create-shop";
import type { Shop } from "../../db/schema/rows";

export async function findShopByDomainOrThrow(db: Database, domain: string): Promise<Shop> {
  const shop = await findShopByDomain(db, domain);
  if (!shop) throw notFound(`shop ${domain}`, "shop");
  return shop;
}
