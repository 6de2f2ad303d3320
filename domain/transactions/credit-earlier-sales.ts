import { and, asc, eq, gte, inArray, isNull, sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import { transactions } from "../../db/schema/index";
import { applyRefund } from "../commissions/apply-refund";
import { earnCommission } from "../commissions/earn-commission";
import { lockSale } from "./lock-sale";
import type { Customer, Program } from "../../db/schema/rows";

/**
 * A binding that arrives after the customer's orders (webhooks are unordered) credits the sales that had no
 * evidence at all and happened from the binding on, as in-order delivery would have; refunds already recorded
 * against them are applied again. Sales refused for a reason (self-referral, expired cookie...) stay as they are.
 * The caller holds the customer row lock; each sale is locked before it changes.
 */
export async function creditEarlierSales(db: Database, program: Program, customer: Customer): Promise<number> {
  if (!customer.referrerPartnerId || !customer.boundAt) return 0;
  const orphans = await db
    .select()
    .from(transactions)
    .where(
      and(
        eq(transactions.shopId, program.shopId),
        eq(transactions.customerId, customer.id),
        eq(transactions.programId, program.id),
        inArray(transactions.type, ["sale", "renewal"]),
        isNull(transactions.partnerId),
        gte(transactions.occurredAt, customer.boundAt),
        sql`${transactions.attribution}->>'reason' = 'no_evidence'`,
      ),
    )
    .orderBy(asc(transactions.occurredAt));
  for (const orphan of orphans) {
    await lockSale(db, program.shopId, orphan.provider, orphan.externalId);
    const [sale] = await db
      .update(transactions)
      .set({
        partnerId: customer.referrerPartnerId,
        attribution: { attributed: true, partnerId: customer.referrerPartnerId, evidence: "customer_binding", details: { boundAfterSale: true } },
      })
      .where(and(eq(transactions.id, orphan.id), isNull(transactions.partnerId)))
      .returning();
    if (!sale) continue;
    await earnCommission(db, program, customer, sale, { type: sale.type === "renewal" ? "renewal" : "sale" });
    const refunds = await db
      .update(transactions)
      .set({ partnerId: customer.referrerPartnerId })
      .where(and(eq(transactions.shopId, program.shopId), eq(transactions.refundsTransactionId, sale.id)))
      .returning();
    // The refunds were all applied before, when the sale earned nothing: re-apply them in order, each counting only those before it.
    let refundedBefore = 0;
    for (const refund of refunds.filter((r) => r.type === "refund").sort(byOccurrence)) {
      await applyRefund(db, refund, sale, refundedBefore);
      refundedBefore += refund.amount;
    }
  }
  return orphans.length;
}

const byOccurrence = (a: typeof transactions.$inferSelect, b: typeof transactions.$inferSelect) =>
  a.occurredAt.getTime() - b.occurredAt.getTime() || a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id);
