import { and, eq, sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import { payoutBatches, payouts } from "../../db/schema/index";

/** A batch with no pending payout left is paid (its failed payouts went back to the partners' balances). */
export async function settleBatchStatus(db: Database, shopId: string, batchId: string, now: Date): Promise<void> {
  await db
    .update(payoutBatches)
    .set({ status: "paid", paidAt: now })
    .where(
      and(
        eq(payoutBatches.shopId, shopId),
        eq(payoutBatches.id, batchId),
        sql`${payoutBatches.status} <> 'paid'`,
        sql`not exists (select 1 from ${payouts} where ${payouts.batchId} = ${batchId} and ${payouts.status} = 'pending')`,
      ),
    );
}
