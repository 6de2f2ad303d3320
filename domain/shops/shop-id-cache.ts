import type { Database } from "../../db/client";
import { ExpiringMap } from "../shared/expiring-map";
import { findShopByDomain } from "./create-shop";

// Per database handle: a process that opens another database (tests do) never sees the other's ids.
const caches = new WeakMap<Database, ExpiringMap<string>>();

const cacheOf = (db: Database) => {
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new ExpiringMap(60_000)));
  return cache;
};

/**
 * The id of the shop with this (trimmed, lower-cased) domain, kept for a minute once found, so webhook receipt
 * does not query it per delivery. An unknown domain is looked up every time: an install counts at once.
 */
export async function cachedShopIdByDomain(db: Database, domain: string): Promise<string | undefined> {
  const cache = cacheOf(db);
  const hit = cache.get(domain);
  if (hit) return hit;
  const shop = await findShopByDomain(db, domain);
  if (!shop) {
    cache.delete(domain);
    return undefined;
  }
  cache.set(domain, shop.id);
  return shop.id;
}

/** Drops the domain's cached id (app/uninstalled, shop/redact, a failed store): the next delivery reads the shop again. */
export function forgetShopDomain(db: Database, domain: string): void {
  caches.get(db)?.delete(domain);
}
