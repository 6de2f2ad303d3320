import { TransactionRollbackError } from "drizzle-orm";
import type { Database } from "../../db/client";
import { payoutBatches } from "../../db/schema/index";
import { createPayout } from "./create-payout";
import type { Payout } from "../../db/schema/rows";
export type { Payout } from "../../db/schema/rows";

/**
 * Pays a partner's payable balance in one currency at once (a one-payout batch, already paid) when it reaches
 * the program's threshold. The payout covers exactly the rows it claims (see claimPayableRows), so a commission
 * approved while it runs waits for the next payout. Returns undefined when nothing is payable.
 */
export async function payPartner(db: Database, shopId: string, partnerId: string, currency: string, now = new Date()): Promise<Payout | undefined> {
  return db.transaction(async (tx) => {
    const [batch] = await tx.insert(payoutBatches).values({ shopId, currency, status: "paid", paidAt: now }).returning();
    const created = await createPayout(tx, { shopId, batchId: batch!.id, partnerId, currency, paidAt: now });
    if (!created) tx.rollback(); // no empty batch left behind
    return created!.payout;
  }).catch((error: unknown) => {
    if (error instanceof TransactionRollbackError) return undefined;
    throw error;
  });
}
