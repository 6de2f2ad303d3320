import { and, eq } from "drizzle-orm";
import type { Database } from "../../db/client";
import { commissions, partners, payoutBatches, payouts, programs } from "../../db/schema/index";
import { partnerBalances } from "../commissions/partner-balances";
import { notFound } from "../shared/errors";

export type Payout = typeof payouts.$inferSelect;

/**
 * Pays a partner's payable balance in one currency when it reaches the program's threshold: records the payout
 * and marks the approved commissions it covers as paid. The partner row is locked, so two concurrent calls
 * cannot pay the same balance twice. Returns undefined when nothing is payable.
 */
export async function payPartner(db: Database, shopId: string, partnerId: string, currency: string, now = new Date()): Promise<Payout | undefined> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select({ partner: partners, threshold: programs.payoutThreshold })
      .from(partners)
      .innerJoin(programs, eq(programs.id, partners.programId))
      .where(and(eq(partners.shopId, shopId), eq(partners.id, partnerId)))
      .for("update", { of: partners })
      .limit(1);
    if (!row) throw notFound("partner", "partner_id");
    const balance = (await partnerBalances(tx, shopId, partnerId)).find((b) => b.currency === currency);
    if (!balance || balance.payable <= 0 || balance.payable < row.threshold) return undefined;
    const [batch] = await tx.insert(payoutBatches).values({ shopId, currency, status: "paid", paidAt: now }).returning();
    const [payout] = await tx
      .insert(payouts)
      .values({
        shopId,
        batchId: batch!.id,
        partnerId,
        amount: balance.payable,
        currency,
        method: row.partner.payoutMethod,
        status: "paid",
        paidAt: now,
      })
      .returning();
    await tx
      .update(commissions)
      .set({ status: "paid", paidAt: now, payoutId: payout!.id })
      .where(
        and(
          eq(commissions.shopId, shopId),
          eq(commissions.partnerId, partnerId),
          eq(commissions.currency, currency),
          eq(commissions.kind, "commission"),
          eq(commissions.status, "approved"),
        ),
      );
    return payout!;
  });
}
