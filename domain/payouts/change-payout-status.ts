import type { Database } from "../../db/client";
import { findPayoutForUpdateOrThrow } from "./find-payout-for-update-or-throw";
import { settleBatchStatus } from "./settle-batch-status";
import type { Payout } from "../../db/schema/rows";

export interface PayoutChangeOptions {
  /** Only a payout of this batch (the API's nested URL). */
  batchId?: string;
  /** The provider's transaction id or reason, kept on the payout. */
  reference?: string | null;
  now?: Date;
}

/**
 * In one transaction: lock the payout, let `change` move it (returning undefined when it is already where it
 * should be), then settle its batch. `changed` is false for a repeated call.
 */
export async function changePayoutStatus(
  db: Database,
  shopId: string,
  payoutId: string,
  options: PayoutChangeOptions,
  change: (tx: Database, payout: Payout, now: Date) => Promise<Payout | undefined>,
): Promise<{ payout: Payout; changed: boolean }> {
  const now = options.now ?? new Date();
  return db.transaction(async (tx) => {
    const payout = await findPayoutForUpdateOrThrow(tx, shopId, payoutId, options.batchId);
    const changed = await change(tx, payout, now);
    if (!changed) return { payout, changed: false };
    await settleBatchStatus(tx, shopId, payout.batchId, now);
    return { payout: changed, changed: true };
  });
}
