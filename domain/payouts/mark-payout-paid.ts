import { and, eq } from "drizzle-orm";
import type { Database } from "../../db/client";
import { commissions, payouts } from "../../db/schema/index";
import { conflict } from "../shared/errors";
import { changePayoutStatus, type PayoutChangeOptions } from "./change-payout-status";
import { emitPayoutEvent } from "../webhooks/emit-domain-events";

/**
 * pending -> paid, with its approved commissions; marking a paid payout again changes nothing (idempotent),
 * a failed one cannot be paid (its rows already went back to the balance).
 */
export function markPayoutPaid(db: Database, shopId: string, payoutId: string, options: PayoutChangeOptions = {}) {
  return changePayoutStatus(db, shopId, payoutId, options, async (tx, payout, now) => {
    if (payout.status === "paid") return undefined;
    if (payout.status === "failed") throw conflict("payout failed; its commissions are payable again and go to the next batch", "status");
    const [paid] = await tx
      .update(payouts)
      .set({ status: "paid", paidAt: now, externalReference: options.reference ?? payout.externalReference })
      .where(eq(payouts.id, payout.id))
      .returning();
    await tx
      .update(commissions)
      .set({ status: "paid", paidAt: now })
      .where(and(eq(commissions.shopId, shopId), eq(commissions.payoutId, payout.id), eq(commissions.kind, "commission"), eq(commissions.status, "approved")));
    await emitPayoutEvent(tx, "payout.paid", paid!);
    return paid;
  });
}
