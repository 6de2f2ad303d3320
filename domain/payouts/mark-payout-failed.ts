import { eq, sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import { payouts } from "../../db/schema/index";
import { changePayoutStatus, type PayoutChangeOptions } from "./change-payout-status";

/**
 * pending or paid -> failed (the provider rejected or returned it): its commissions and deducted reversals
 * leave the payout and are payable again, so the next batch takes them. Idempotent.
 */
export function markPayoutFailed(db: Database, shopId: string, payoutId: string, options: PayoutChangeOptions = {}) {
  return changePayoutStatus(db, shopId, payoutId, options, async (tx, payout) => {
    if (payout.status === "failed") return undefined;
    const [failed] = await tx
      .update(payouts)
      .set({ status: "failed", paidAt: null, externalReference: options.reference ?? payout.externalReference })
      .where(eq(payouts.id, payout.id))
      .returning();
    // A paid commission goes back to approved, or to reversed when refunds have reversed all of it.
    await tx.execute(sql`
      update commissions c
      set payout_id = null,
          paid_at = null,
          status = case
            when c.kind = 'commission' and c.status = 'paid' then
              case when coalesce((select sum(r.amount) from commissions r where r.kind = 'reversal' and r.reverses_commission_id = c.id), 0) >= c.amount
                   then 'reversed'::commission_status else 'approved'::commission_status end
            else c.status end
      where c.shop_id = ${shopId} and c.payout_id = ${payout.id}`);
    return failed;
  });
}
