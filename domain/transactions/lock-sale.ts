import { sql } from "drizzle-orm";
import type { Database } from "../../db/client";

/**
 * Serialises, until the database transaction ends, everything that touches one sale: recording it, its refunds,
 * its cancellation, crediting it late. Keyed on the sale's external id, so a refund can take the lock before its
 * sale exists; whichever commits second then sees the other, and the end state equals in-order delivery.
 */
export async function lockSale(db: Database, shopId: string, provider: string, saleExternalId: string): Promise<void> {
  await db.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`sale:${shopId}:${provider}:${saleExternalId}`}, 0))`);
}

/**
 * Serialises the payments of one subscription, so a payment classed as first or renewal sees every payment of the
 * subscription committed before it, however many workers apply them at once.
 */
export async function lockSubscription(db: Database, shopId: string, provider: string, subscriptionExternalId: string): Promise<void> {
  await db.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`subscription:${shopId}:${provider}:${subscriptionExternalId}`}, 0))`);
}
