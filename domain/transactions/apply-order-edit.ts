import { and, eq, inArray, sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import { commissions, transactions } from "../../db/schema/index";
import { atomically } from "../shared/atomically";
import { divideHalfUp } from "../shared/money";
import { emitCommissionsCreated } from "../webhooks/emit-domain-events";
import { lockSale } from "./lock-sale";
import { recordTransaction } from "./record-transaction";
import { saleAdjustments } from "./sale-adjustments";
import type { Commission, Customer, Program, Transaction } from "../../db/schema/rows";

export interface OrderRevision {
  /** The order's commission base in this version, before refunds. */
  amount: number;
  /** The provider's version time (Shopify updated_at). */
  revisedAt: Date;
}

/**
 * A newer version of a recorded order whose amount changed (an order edit after payment): the difference is
 * recorded once, under the sale's lock. Removed lines are a refund (`edit:<order>:<n>`) and reverse in proportion;
 * added lines are an `adjustment` linked to the sale, earning for the sale's partner at the rate its commissions
 * earned (a percentage rule pays its share of the added amount; a fixed rule, owed per order, adds nothing). The
 * same or an older version changes nothing, so redeliveries and out-of-order versions end as in-order delivery.
 */
export async function applyOrderEdit(
  db: Database,
  context: { program: Program; customer: Customer | null },
  sale: Transaction,
  revision: OrderRevision,
): Promise<string | undefined> {
  return atomically(db, async (tx) => {
    await lockSale(tx, sale.shopId, sale.provider, sale.externalId);
    const [current] = await tx.select().from(transactions).where(and(eq(transactions.shopId, sale.shopId), eq(transactions.id, sale.id)));
    if (current!.revisedAt && revision.revisedAt.getTime() <= current!.revisedAt.getTime()) return "this version of the order was applied already";
    await tx.update(transactions).set({ revisedAt: revision.revisedAt }).where(eq(transactions.id, sale.id));
    const prefix = `edit:${sale.externalId}:`;
    const edits = await tx
      .select()
      .from(transactions)
      .where(and(eq(transactions.shopId, sale.shopId), eq(transactions.provider, sale.provider), sql`starts_with(${transactions.externalId}, ${prefix})`));
    const effective = edits.reduce((sum, e) => sum + (e.type === "refund" ? -e.amount : e.amount), current!.amount);
    const delta = revision.amount - effective;
    if (delta === 0) return undefined;
    const externalId = `${prefix}${edits.length + 1}`;
    if (delta < 0) {
      await recordTransaction(tx, context.program, context.customer, {
        provider: sale.provider,
        externalId,
        type: "refund",
        amount: -delta,
        currency: sale.currency,
        refundsExternalId: sale.externalId,
        occurredAt: revision.revisedAt,
      });
      return undefined;
    }
    await recordAdjustment(tx, context.program, current!, { externalId, amount: delta, at: revision.revisedAt });
    return undefined;
  });
}

async function recordAdjustment(db: Database, program: Program, sale: Transaction, input: { externalId: string; amount: number; at: Date }): Promise<Commission[]> {
  const addedBefore = (await saleAdjustments(db, sale)).reduce((sum, a) => sum + a.amount, 0);
  const [adjustment] = await db
    .insert(transactions)
    .values({
      shopId: sale.shopId,
      programId: sale.programId,
      customerId: sale.customerId,
      partnerId: sale.partnerId,
      provider: sale.provider,
      externalId: input.externalId,
      type: "adjustment",
      amount: input.amount,
      currency: sale.currency,
      refundsTransactionId: sale.id,
      products: [],
      attribution: { attributed: sale.partnerId !== null, partnerId: sale.partnerId ?? undefined, evidence: "order_edit" },
      occurredAt: input.at,
    })
    .returning();
  if (!sale.partnerId || sale.amount === 0) return [];
  const earned = await db
    .select()
    .from(commissions)
    .where(
      and(
        eq(commissions.shopId, sale.shopId),
        eq(commissions.transactionId, sale.id),
        eq(commissions.kind, "commission"),
        inArray(commissions.status, ["pending", "approved", "paid", "reversed"]),
      ),
    );
  const created: Commission[] = [];
  for (const commission of earned) {
    if (commission.ruleSnapshot.kind !== "percentage") continue;
    // Cumulative, so several edits round once in all, as partial refunds do.
    const at = (added: number) => divideHalfUp(BigInt(commission.amount) * BigInt(sale.amount + added), BigInt(sale.amount));
    const amount = at(addedBefore + input.amount) - at(addedBefore);
    if (amount <= 0) continue;
    const approvedNow = program.holdDays === 0;
    const [row] = await db
      .insert(commissions)
      .values({
        shopId: commission.shopId,
        programId: commission.programId,
        partnerId: commission.partnerId,
        transactionId: adjustment!.id,
        ruleId: commission.ruleId,
        ruleSnapshot: commission.ruleSnapshot,
        amount,
        currency: commission.currency,
        status: approvedNow ? "approved" : "pending",
        approvedAt: approvedNow ? new Date() : null,
        holdUntil: new Date(input.at.getTime() + program.holdDays * 86_400_000),
        note: `order edit ${input.externalId} adds ${input.amount} to the order: ${amount} more at the order's rate`,
      })
      .returning();
    created.push(row!);
  }
  await emitCommissionsCreated(db, created);
  return created;
}
