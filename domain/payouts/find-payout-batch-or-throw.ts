import { and, eq, sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import { payoutBatches, payouts } from "../../db/schema/index";
import { notFound } from "../shared/errors";
import { isUuid } from "../shared/ids";
import type { PayoutBatch } from "../../db/schema/rows";

export interface PayoutBatchSummary extends PayoutBatch {
  payoutCount: number;
  totalAmount: number;
  pendingCount: number;
  paidCount: number;
  failedCount: number;
}

/** The batch of the shop with its payouts counted by status and totalled; 404 for another shop's batch. */
export async function findPayoutBatchOrThrow(db: Database, shopId: string, id: string): Promise<PayoutBatchSummary> {
  if (!isUuid(id)) throw notFound("payout batch", "id");
  const [batch] = await db.select().from(payoutBatches).where(and(eq(payoutBatches.shopId, shopId), eq(payoutBatches.id, id)));
  if (!batch) throw notFound("payout batch", "id");
  const [counts] = await db
    .select({
      payoutCount: sql<number>`count(*)::int`,
      totalAmount: sql<string>`coalesce(sum(${payouts.amount}) filter (where ${payouts.status} <> 'failed'), 0)::text`,
      pendingCount: sql<number>`(count(*) filter (where ${payouts.status} = 'pending'))::int`,
      paidCount: sql<number>`(count(*) filter (where ${payouts.status} = 'paid'))::int`,
      failedCount: sql<number>`(count(*) filter (where ${payouts.status} = 'failed'))::int`,
    })
    .from(payouts)
    .where(and(eq(payouts.shopId, shopId), eq(payouts.batchId, id)));
  return {
    ...batch,
    payoutCount: Number(counts!.payoutCount),
    totalAmount: Number(counts!.totalAmount),
    pendingCount: Number(counts!.pendingCount),
    paidCount: Number(counts!.paidCount),
    failedCount: Number(counts!.failedCount),
  };
}
