import { and, asc, eq } from "drizzle-orm";
import type { Database } from "../../db/client";
import { payouts } from "../../db/schema/index";
import { findPayoutBatchOrThrow, type PayoutBatchSummary } from "./find-payout-batch-or-throw";
import { markPayoutPaid } from "./mark-payout-paid";

/** Marks every pending payout of the batch paid (failed ones stay failed); idempotent. Returns how many changed. */
export async function markBatchPaid(db: Database, shopId: string, batchId: string, now = new Date()): Promise<{ batch: PayoutBatchSummary; marked: number }> {
  await findPayoutBatchOrThrow(db, shopId, batchId);
  const pending = await db
    .select({ id: payouts.id })
    .from(payouts)
    .where(and(eq(payouts.shopId, shopId), eq(payouts.batchId, batchId), eq(payouts.status, "pending")))
    .orderBy(asc(payouts.id));
  let marked = 0;
  for (const { id } of pending) if ((await markPayoutPaid(db, shopId, id, { batchId, now })).changed) marked += 1;
  return { batch: await findPayoutBatchOrThrow(db, shopId, batchId), marked };
}
