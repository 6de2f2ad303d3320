import { and, eq, inArray, ne, sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import { commissions, transactions } from "../../db/schema/index";
import { lockSale } from "../transactions/lock-sale";
import { saleAdjustments } from "../transactions/sale-adjustments";
import { calculateReversal } from "./calculate-reversal";
import { emitCommissionEvents } from "../webhooks/emit-domain-events";
import type { Commission } from "../../db/schema/rows";

type Transaction = typeof transactions.$inferSelect;

/**
 * Reverses the sale's commissions in proportion to the refunded amount. A pending or approved commission
 * that is fully reversed becomes `reversed`; a paid one stays paid and its reversal is deducted from the
 * partner's next payout (it counts in `reversed`, so payable goes down). Idempotent per (refund, commission).
 * `refundedBefore` defaults to every other refund already linked to the sale.
 */
export async function applyRefund(db: Database, refund: Transaction, sale: Transaction, refundedBefore?: number): Promise<Commission[]> {
  await lockSale(db, sale.shopId, sale.provider, sale.externalId);
  // Refunds are linked to their sale one at a time under the sale lock, so every other linked refund came before this one.
  const before = refundedBefore ?? (await otherLinkedRefunds(db, refund, sale));
  // Lines an edit added earned on their adjustment: a refund is a share of the edited order, of every commission alike.
  const adjustments = await saleAdjustments(db, sale);
  const saleAmount = sale.amount + adjustments.reduce((sum, a) => sum + a.amount, 0);
  const earned = await db
    .select()
    .from(commissions)
    .where(
      and(
        eq(commissions.shopId, sale.shopId),
        inArray(commissions.transactionId, [sale.id, ...adjustments.map((a) => a.id)]),
        eq(commissions.kind, "commission"),
        inArray(commissions.status, ["pending", "approved", "paid", "reversed"]),
      ),
    )
    .for("update");
  const reversals: Commission[] = [];
  for (const commission of earned) {
    const [reversedSoFar] = await db
      .select({ total: sql<string>`coalesce(sum(${commissions.amount}), 0)` })
      .from(commissions)
      .where(and(eq(commissions.shopId, sale.shopId), eq(commissions.kind, "reversal"), eq(commissions.reversesCommissionId, commission.id)));
    const alreadyReversed = Number(reversedSoFar!.total);
    const amount = calculateReversal({
      commissionAmount: commission.amount,
      alreadyReversed,
      // Refunds of a sale paid with tax (Stripe) are parts of that payment: their share of it is the share reversed.
      saleAmount: sale.paidAmount ?? saleAmount,
      refundedBefore: before,
      refundAmount: refund.amount,
    });
    if (amount === 0) continue;
    const [reversal] = await db
      .insert(commissions)
      .values({
        shopId: commission.shopId,
        programId: commission.programId,
        partnerId: commission.partnerId,
        transactionId: refund.id,
        ruleId: commission.ruleId,
        ruleSnapshot: commission.ruleSnapshot,
        kind: "reversal",
        reversesCommissionId: commission.id,
        amount,
        currency: commission.currency,
        status: "reversed",
        note: amount > 0 ? `refund ${refund.externalId} reverses ${amount} of ${commission.amount}` : `${refund.externalId} restores ${-amount} of ${commission.amount}`,
      })
      .onConflictDoNothing()
      .returning();
    if (!reversal) continue;
    reversals.push(reversal);
    if (amount < 0) {
      // Reversed no longer in full: back to where approval left it (the approval job approves it once its hold ends).
      if (commission.status === "reversed") {
        await db.update(commissions).set({ status: commission.approvedAt ? "approved" : "pending" }).where(eq(commissions.id, commission.id));
      }
      continue;
    }
    await emitCommissionEvents(db, "commission.reversed", [reversal]);
    if (alreadyReversed + amount >= commission.amount && commission.status !== "paid") {
      await db.update(commissions).set({ status: "reversed" }).where(eq(commissions.id, commission.id));
    }
  }
  return reversals;
}

async function otherLinkedRefunds(db: Database, refund: Transaction, sale: Transaction): Promise<number> {
  const [row] = await db
    .select({ total: sql<string>`coalesce(sum(${transactions.amount}), 0)` })
    .from(transactions)
    .where(
      and(
        eq(transactions.shopId, sale.shopId),
        eq(transactions.refundsTransactionId, sale.id),
        eq(transactions.type, "refund"),
        ne(transactions.id, refund.id),
      ),
    );
  return Number(row!.total);
}
