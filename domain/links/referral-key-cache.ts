import type { Database } from "../../db/client";
import { findPartnerByReferralKey } from "../partners/find-partner";

type Found = Awaited<ReturnType<typeof findPartnerByReferralKey>>;

const TTL_MS = 5_000;
const MAX_ENTRIES = 10_000;
const cache = new Map<string, { value: Promise<Found>; expires: number }>();

/**
 * findPartnerByReferralKey, remembered for 5 s per shop and key (misses too): a busy link's clicks then cost no
 * lookup. Only for click recording: a click on a partner suspended seconds ago may still be stored, which is
 * harmless, since attribution and commissions read the partner afresh.
 */
export function cachedPartnerByReferralKey(db: Database, shopId: string, key: string): Promise<Found> {
  const id = `${shopId}\n${key.trim().toLowerCase()}`;
  const now = Date.now();
  const hit = cache.get(id);
  if (hit && hit.expires > now) return hit.value;
  if (cache.size >= MAX_ENTRIES) cache.clear();
  const value = findPartnerByReferralKey(db, shopId, key);
  cache.set(id, { value, expires: now + TTL_MS });
  value.catch(() => cache.delete(id));
  return value;
}
