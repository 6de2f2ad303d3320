import { asc, eq, lte } from "drizzle-orm";
import type { Database } from "../../db/client";
import { payoutSchedules } from "../../db/schema/index";
import { createPayoutBatch } from "./create-payout-batch";

const DAY = 86_400_000;

/**
 * Runs every schedule that is due: creates its batch (nobody payable makes none) and moves it to its next run
 * after `now`, skipping runs missed while the app was down. Each schedule is claimed with SKIP LOCKED, so
 * several workers never run one twice. Returns the batches created.
 */
export async function runDuePayoutSchedules(db: Database, now = new Date()): Promise<string[]> {
  const created: string[] = [];
  for (let handled = 0; handled < 1_000; handled++) {
    const ran = await db.transaction(async (tx) => {
      const [schedule] = await tx
        .select()
        .from(payoutSchedules)
        .where(lte(payoutSchedules.nextRunAt, now))
        .orderBy(asc(payoutSchedules.nextRunAt))
        .limit(1)
        .for("update", { skipLocked: true });
      if (!schedule) return false;
      const batch = await createPayoutBatch(tx, schedule.shopId, schedule.currency);
      const step = schedule.everyDays * DAY;
      const missed = Math.floor((now.getTime() - schedule.nextRunAt.getTime()) / step) + 1;
      await tx
        .update(payoutSchedules)
        .set({ nextRunAt: new Date(schedule.nextRunAt.getTime() + missed * step), lastRunAt: now, lastBatchId: batch?.batch.id ?? null })
        .where(eq(payoutSchedules.id, schedule.id));
      if (batch) created.push(batch.batch.id);
      return true;
    });
    if (!ran) break;
  }
  return created;
}
