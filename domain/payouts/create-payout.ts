import { eq } from "drizzle-orm";
import type { Database } from "../../db/client";
import { payouts } from "../../db/schema/index";
import { claimPayableRows, type ClaimedRows } from "./claim-payable-rows";
import { lockPartnerForPayout } from "./lock-partner-for-payout";
import { emitPayoutEvent } from "../webhooks/emit-domain-events";
import type { Payout } from "../../db/schema/rows";

class BelowThreshold extends Error {}

/**
 * In a savepoint of the caller's transaction: locks the partner, creates its payout in `batchId` and claims
 * exactly the rows it covers. When their net is not positive or under the program's threshold, the savepoint
 * rolls back and nothing changes (the partner is carried to the next batch). `paidAt` pays it at once.
 */
export async function createPayout(
  db: Database,
  input: { shopId: string; batchId: string; partnerId: string; currency: string; paidAt?: Date },
): Promise<{ payout: Payout; claimed: ClaimedRows } | undefined> {
  try {
    return await db.transaction(async (tx) => {
      const { partner, threshold } = await lockPartnerForPayout(tx, input.shopId, input.partnerId);
      const [draft] = await tx
        .insert(payouts)
        .values({
          shopId: input.shopId,
          batchId: input.batchId,
          partnerId: input.partnerId,
          amount: 0,
          currency: input.currency,
          method: partner.payoutMethod,
          status: input.paidAt ? "paid" : "pending",
          paidAt: input.paidAt ?? null,
        })
        .returning();
      const claimed = await claimPayableRows(tx, { ...input, payoutId: draft!.id });
      if (claimed.amount <= 0 || claimed.amount < threshold) throw new BelowThreshold();
      const [payout] = await tx.update(payouts).set({ amount: claimed.amount }).where(eq(payouts.id, draft!.id)).returning();
      await emitPayoutEvent(tx, "payout.created", payout!);
      if (payout!.status === "paid") await emitPayoutEvent(tx, "payout.paid", payout!);
      return { payout: payout!, claimed };
    });
  } catch (error) {
    if (error instanceof BelowThreshold) return undefined;
    throw error;
  }
}
