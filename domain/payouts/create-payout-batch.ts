import { sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import { rowsOf } from "../../db/rows";
import { payoutBatches } from "../../db/schema/index";
import { currencyExponent } from "../shared/money";
import { createPayout } from "./create-payout";
import type { Payout, PayoutBatch } from "../../db/schema/rows";

/** Partners with rows a payout could claim; each is then checked under its lock. */
async function candidatePartnerIds(db: Database, shopId: string, currency: string): Promise<string[]> {
  const result = await db.execute(sql`
    select distinct partner_id from commissions
    where shop_id = ${shopId} and currency = ${currency} and payout_id is null
      and ((kind = 'commission' and approved_at is not null and status in ('approved', 'reversed')) or kind = 'reversal')
    order by partner_id`);
  return rowsOf<{ partner_id: string }>(result).map((r) => r.partner_id);
}

/**
 * A draft batch with one pending payout per partner whose claimable rows (approved commissions net of the
 * clawbacks to deduct) reach the program's threshold; partners below it are carried to the next batch.
 * The payouts lock their rows at once, so commissions approved later go to the next batch. One transaction:
 * all or nothing. Returns undefined (and keeps no batch) when nobody is payable.
 */
export async function createPayoutBatch(
  db: Database,
  shopId: string,
  currency: string,
  onProgress: (done: number, total: number) => Promise<void> | void = () => undefined,
): Promise<{ batch: PayoutBatch; payouts: Payout[] } | undefined> {
  currencyExponent(currency);
  return db.transaction(async (tx) => {
    const [batch] = await tx.insert(payoutBatches).values({ shopId, currency }).returning();
    const partnerIds = await candidatePartnerIds(tx, shopId, currency);
    const payouts: Payout[] = [];
    for (const [index, partnerId] of partnerIds.entries()) {
      const created = await createPayout(tx, { shopId, batchId: batch!.id, partnerId, currency });
      if (created) payouts.push(created.payout);
      await onProgress(index + 1, partnerIds.length);
    }
    if (payouts.length === 0) {
      await tx.delete(payoutBatches).where(sql`${payoutBatches.id} = ${batch!.id}`);
      return undefined;
    }
    return { batch: batch!, payouts };
  });
}
