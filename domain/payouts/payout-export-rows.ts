import { sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import { rowsOf } from "../../db/rows";

export interface PayoutExportRow {
  payoutId: string;
  amount: number;
  currency: string;
  method: string | null;
  partnerKey: string;
  partnerName: string | null;
  partnerEmail: string;
  payoutDetails: Record<string, string>;
  commissionIds: string;
  reversalIds: string;
}

const PAGE = 500;

/**
 * The batch's payouts (not failed ones) with their partner and row ids, read in keyset pages so an export of
 * any size holds one page in memory. `methods` limits the rows to partners paid by those methods; `rowIds: false`
 * leaves commissionIds and reversalIds empty for files that do not list them (reading them is most of the work).
 */
export async function* payoutExportRows(
  db: Database,
  shopId: string,
  batchId: string,
  options: { methods?: string[]; rowIds?: boolean } = {},
): AsyncGenerator<PayoutExportRow> {
  const { methods, rowIds = true } = options;
  let after = "00000000-0000-0000-0000-000000000000";
  const methodFilter = methods ? sql`and p.method in (${sql.join(methods.map((m) => sql`${m}`), sql`, `)})` : sql``;
  const ids = rowIds
    ? sql`left join lateral (
        -- One index lookup by payout id; the kind is filtered after it, never through another index.
        select string_agg(c.id::text, ' ' order by c.id) filter (where c.kind = 'commission') as commission_ids,
               string_agg(c.id::text, ' ' order by c.id) filter (where c.kind = 'reversal') as reversal_ids
        from commissions c where c.payout_id = p.id
      ) ids on true`
    : sql`cross join lateral (select null::text as commission_ids, null::text as reversal_ids) ids`;
  for (;;) {
    const result = await db.execute(sql`
      select p.id, p.amount::text as amount, p.currency, p.method, pa.key, pa.name, pa.email, pa.payout_details,
             coalesce(ids.commission_ids, '') as commission_ids, coalesce(ids.reversal_ids, '') as reversal_ids
      from payouts p join partners pa on pa.id = p.partner_id
      ${ids}
      where p.shop_id = ${shopId} and p.batch_id = ${batchId} and p.status <> 'failed' and p.id > ${after} ${methodFilter}
      order by p.id limit ${PAGE}`);
    const rows = rowsOf<{
      id: string; amount: string; currency: string; method: string | null; key: string; name: string | null; email: string;
      payout_details: Record<string, string>; commission_ids: string; reversal_ids: string;
    }>(result);
    for (const r of rows) {
      yield {
        payoutId: r.id,
        amount: Number(r.amount),
        currency: r.currency,
        method: r.method,
        partnerKey: r.key,
        partnerName: r.name,
        partnerEmail: r.email,
        payoutDetails: r.payout_details ?? {},
        commissionIds: r.commission_ids,
        reversalIds: r.reversal_ids,
      };
    }
    if (rows.length < PAGE) return;
    after = rows.at(-1)!.id;
  }
}
