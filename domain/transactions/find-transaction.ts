import { and, eq } from "drizzle-orm";
import type { Database } from "../../db/client";
import { transactions } from "../../db/schema/index";

/** A shop's transaction by its provider and external id (the idempotency key). */
export async function findTransaction(db: Database, shopId: string, provider: string, externalId: string) {
  const [row] = await db
    .select()
    .from(transactions)
    .where(and(eq(transactions.shopId, shopId), eq(transactions.provider, provider), eq(transactions.externalId, externalId)))
    .limit(1);
  return row;
}
