import type { Database } from "../../db/client";
import { findShopByDomain } from "./create-shop";

const TTL_MS = 60_000;
const MAX_ENTRIES = 10_000;

// Per database handle: a process that opens another database (tests do) never sees the other's ids.
const caches = new WeakMap<Database, Map<string, { id: string; until: number }>>();

const cacheOf = (db: Database) => {
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new Map()));
  return cache;
};

/**
 * The id of the shop with this (trimmed, lower-cased) domain, kept for a minute once found, so webhook receipt
 * does not query it per delivery. An unknown domain is looked up every time: an install counts at once.
 */
export async function cachedShopIdByDomain(db: Database, domain: string): Promise<string | undefined> {
  const cache = cacheOf(db);
  const hit = cache.get(domain);
  if (hit && hit.until > Date.now()) return hit.id;
  const shop = await findShopByDomain(db, domain);
  if (!shop) {
    cache.delete(domain);
    return undefined;
  }
  if (cache.size >= MAX_ENTRIES) cache.clear();
  cache.set(domain, { id: shop.id, until: Date.now() + TTL_MS });
  return shop.id;
}

/** Drops the domain's cached id (app/uninstalled, shop/redact, a failed store): the next delivery reads the shop again. */
export function forgetShopDomain(db: Database, domain: string): void {
  caches.get(db)?.delete(domain);
}
