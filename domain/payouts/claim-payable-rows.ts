import { sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import { rowsOf } from "../../db/rows";

export interface ClaimedRows {
  /** Sum of the approved commissions the payout now covers. */
  commissions: number;
  /** Sum of the reversals the payout now deducts. */
  reversals: number;
  commissionCount: number;
  reversalCount: number;
  /** commissions - reversals: what the payout pays. */
  amount: number;
}

/**
 * Gives `payoutId` to exactly the rows a payout covers, locking them in the caller's transaction:
 * every approved commission of the partner in `currency` not yet in a payout (fully reversed ones included,
 * their reversal cancels them), then every reversal not yet settled whose commission is approved and now in
 * a payout (this one or an earlier one). Those are the rows `payable = approved - reversed - paid` counts and
 * no others, so the amount equals the payable balance when nothing runs concurrently, and the rows of each
 * payout always add up to its amount. With `paidAt` the commissions become `paid` at once.
 * The caller must hold the partner's row lock.
 */
export async function claimPayableRows(
  db: Database,
  input: { shopId: string; partnerId: string; currency: string; payoutId: string; paidAt?: Date },
): Promise<ClaimedRows> {
  const { shopId, partnerId, currency, payoutId } = input;
  const paidAt = input.paidAt ?? null;
  const earned = await db.execute(sql`
    with claimed as (
      update commissions c
      set payout_id = ${payoutId},
          status = case when ${paidAt}::timestamptz is not null and c.status = 'approved' then 'paid'::commission_status else c.status end,
          paid_at = coalesce(${paidAt}::timestamptz, c.paid_at)
      where c.shop_id = ${shopId} and c.partner_id = ${partnerId} and c.currency = ${currency}
        and c.kind = 'commission' and c.approved_at is not null and c.status in ('approved', 'reversed')
        and c.payout_id is null
      returning c.amount
    )
    select coalesce(sum(amount), 0)::text as total, count(*)::int as count from claimed`);
  const deducted = await db.execute(sql`
    with claimed as (
      update commissions r
      set payout_id = ${payoutId}
      from commissions parent
      where r.shop_id = ${shopId} and r.partner_id = ${partnerId} and r.currency = ${currency}
        and r.kind = 'reversal' and r.payout_id is null
        and parent.id = r.reverses_commission_id and parent.shop_id = ${shopId}
        and parent.approved_at is not null and parent.status <> 'rejected' and parent.payout_id is not null
      returning r.amount
    )
    select coalesce(sum(amount), 0)::text as total, count(*)::int as count from claimed`);
  const [c] = rowsOf<{ total: string; count: number }>(earned);
  const [r] = rowsOf<{ total: string; count: number }>(deducted);
  const commissions = Number(c!.total);
  const reversals = Number(r!.total);
  return { commissions, reversals, commissionCount: Number(c!.count), reversalCount: Number(r!.count), amount: commissions - reversals };
}
