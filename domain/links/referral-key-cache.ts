import type { Database } from "../../db/client";
import { findPartnerByReferralKey } from "../partners/find-partner";
import { ExpiringMap } from "../shared/expiring-map";

type Found = Awaited<ReturnType<typeof findPartnerByReferralKey>>;

const cache = new ExpiringMap<Promise<Found>>(5_000);

/**
 * findPartnerByReferralKey, remembered for 5 s per shop and key (misses too): a busy link's clicks then cost no
 * lookup. Only for click recording: a click on a partner suspended seconds ago may still be stored, which is
 * harmless, since attribution and commissions read the partner afresh.
 */
export function cachedPartnerByReferralKey(db: Database, shopId: string, key: string): Promise<Found> {
  const id = `${shopId}\n${key.trim().toLowerCase()}`;
  const hit = cache.get(id);
  if (hit) return hit;
  const value = findPartnerByReferralKey(db, shopId, key);
  cache.set(id, value);
  value.catch(() => cache.delete(id));
  return value;
}
