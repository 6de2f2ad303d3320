import { sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import { rowsOf } from "../../db/rows";

export interface Balance {
  currency: string;
  pending: number;
  approved: number;
  reversed: number;
  paid: number;
  /** In payouts made but not yet marked paid (pending): owed, but already on their way. */
  inPayout: number;
  /**
   * approved - reversed - paid - inPayout: what no payout covers yet, so paying it by hand never pays a row a pending
   * payout also pays. Negative after a refund of paid commissions, deducted from the next payout.
   */
  payable: number;
}

/**
 * Derived from rows every time, never stored: pending = unapproved commissions net of their reversals;
 * approved = every commission ever approved (paid ones included); reversed = reversals of approved ones;
 * paid = payouts marked paid; inPayout = payouts still pending.
 */
export async function partnerBalances(db: Database, shopId: string, partnerId: string): Promise<Balance[]> {
  const result = await db.execute(sql`
    with earned as (
      select c.id, c.currency, c.amount, c.approved_at,
             coalesce((select sum(r.amount) from commissions r where r.kind = 'reversal' and r.reverses_commission_id = c.id), 0) as reversed
      from commissions c
      where c.shop_id = ${shopId} and c.partner_id = ${partnerId} and c.kind = 'commission' and c.status <> 'rejected'
    ),
    totals as (
      select currency,
             sum(case when approved_at is null then amount - reversed else 0 end) as pending,
             sum(case when approved_at is not null then amount else 0 end) as approved,
             sum(case when approved_at is not null then reversed else 0 end) as reversed,
             0 as paid, 0 as in_payout
      from earned group by currency
      union all
      select currency, 0, 0, 0,
             sum(case when status = 'paid' then amount else 0 end),
             sum(case when status = 'pending' then amount else 0 end)
      from payouts
      where shop_id = ${shopId} and partner_id = ${partnerId} and status in ('paid', 'pending') group by currency
    )
    select currency, sum(pending)::text as pending, sum(approved)::text as approved, sum(reversed)::text as reversed, sum(paid)::text as paid,
           sum(in_payout)::text as in_payout
    from totals group by currency order by currency`);
  type Row = { currency: string; pending: string; approved: string; reversed: string; paid: string; in_payout: string };
  return rowsOf<Row>(result).map((row) => {
    const approved = Number(row.approved);
    const reversed = Number(row.reversed);
    const paid = Number(row.paid);
    const inPayout = Number(row.in_payout);
    return { currency: row.currency, pending: Number(row.pending), approved, reversed, paid, inPayout, payable: approved - reversed - paid - inPayout };
  });
}
