import { and, eq } from "drizzle-orm";
import type { Database } from "../../db/client";
import { payoutBatches } from "../../db/schema/index";
import { cursorAt, windowOf, type RowWindow } from "../shared/row-window";
import { findPayoutBatchOrThrow, type PayoutBatchSummary } from "./find-payout-batch-or-throw";

export const payoutBatchStatuses = ["draft", "exported", "paid"] as const;

/** The shop's batches with their totals (limit + 1 rows, see RowWindow), each with its cursor position. */
export async function listPayoutBatches(
  db: Database,
  shopId: string,
  filter: { status?: (typeof payoutBatchStatuses)[number] },
  window: RowWindow,
): Promise<Array<{ batch: PayoutBatchSummary; cursorAt: string }>> {
  const w = windowOf(window, payoutBatches.createdAt, payoutBatches.id);
  const rows = await db
    .select({ id: payoutBatches.id, cursorAt: cursorAt(payoutBatches.createdAt) })
    .from(payoutBatches)
    .where(and(eq(payoutBatches.shopId, shopId), filter.status ? eq(payoutBatches.status, filter.status) : undefined, w.where))
    .orderBy(...w.orderBy)
    .limit(w.limit)
    .offset(w.offset);
  return Promise.all(rows.map(async (r) => ({ batch: await findPayoutBatchOrThrow(db, shopId, r.id), cursorAt: r.cursorAt })));
}
