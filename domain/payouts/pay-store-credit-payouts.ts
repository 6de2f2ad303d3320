import { and, eq, isNull, sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import { customerExternalIds, partners, payouts } from "../../db/schema/index";
import { formatMinorUnits } from "../shared/format-minor-units";
import { findPayoutBatchOrThrow } from "./find-payout-batch-or-throw";
import { markPayoutFailed } from "./mark-payout-failed";
import { markPayoutPaid } from "./mark-payout-paid";

const IN_FLIGHT = "store-credit:in-flight";

export type CreditStoreCredit = (input: { customerId: string; amount: string; currency: string }) => Promise<string>;

/** Thrown by a `credit` function when the provider refused for sure (nothing was credited). */
export class CreditRefused extends Error {}

/**
 * Pays the batch's pending store-credit payouts through `credit` (Shopify's storeCreditAccountCredit), one at a
 * time, recording Shopify's transaction id as the payout's reference. Each payout is marked in flight before
 * the call: if the process dies during it, the outcome is unknown and a rerun leaves that payout for the
 * merchant (never credits twice). Refusals and partners with no Shopify customer fail the payout (its
 * commissions become payable again).
 */
export async function payStoreCreditPayouts(
  db: Database,
  shopId: string,
  batchId: string,
  credit: CreditStoreCredit,
  onProgress: (done: number, total: number) => Promise<void> | void = () => undefined,
): Promise<{ paid: number; failed: number; inFlight: number }> {
  const batch = await findPayoutBatchOrThrow(db, shopId, batchId);
  const pending = await db
    .select({ payout: payouts, customerId: sql<string | null>`(select e.external_id from ${customerExternalIds} e where e.shop_id = ${shopId} and e.customer_id = ${partners.customerId} and e.provider = 'shopify' limit 1)` })
    .from(payouts)
    .innerJoin(partners, eq(partners.id, payouts.partnerId))
    .where(and(eq(payouts.shopId, shopId), eq(payouts.batchId, batch.id), eq(payouts.status, "pending"), eq(payouts.method, "store_credit")));
  const summary = { paid: 0, failed: 0, inFlight: 0 };
  for (const [index, { payout, customerId }] of pending.entries()) {
    await onProgress(index, pending.length);
    if (!customerId) {
      await markPayoutFailed(db, shopId, payout.id, { batchId: batch.id, reference: "no Shopify customer is linked to this partner" });
      summary.failed += 1;
      continue;
    }
    const claimed = await db
      .update(payouts)
      .set({ externalReference: IN_FLIGHT })
      .where(and(eq(payouts.id, payout.id), eq(payouts.status, "pending"), isNull(payouts.externalReference)))
      .returning({ id: payouts.id });
    if (claimed.length === 0) {
      summary.inFlight += 1;
      continue;
    }
    try {
      const transactionId = await credit({ customerId, amount: formatMinorUnits(payout.amount, payout.currency), currency: payout.currency });
      await markPayoutPaid(db, shopId, payout.id, { batchId: batch.id, reference: transactionId });
      summary.paid += 1;
    } catch (error) {
      if (!(error instanceof CreditRefused)) throw error; // unknown outcome: stays in flight for the merchant
      await markPayoutFailed(db, shopId, payout.id, { batchId: batch.id, reference: `store credit refused: ${error.message}`.slice(0, 500) });
      summary.failed += 1;
    }
  }
  await onProgress(pending.length, pending.length);
  return summary;
}
