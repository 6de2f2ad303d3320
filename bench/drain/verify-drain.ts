import { and, eq, isNotNull, count } from "drizzle-orm";
import type { Database } from "../../db/client";
import { commissions, inboundEvents, transactions } from "../../db/schema/index";
import { mixedOrder, orderId } from "./order-mix";

/**
 * Checks the end state of orders [0, orders): every event processed, one sale per order, and exactly the commission
 * each order must earn (none for the unattributed ones). Throws naming the first difference.
 */
export async function verifyDrain(db: Database, shopId: string, orders: number): Promise<void> {
  const [processed] = await db.select({ n: count() }).from(inboundEvents).where(and(eq(inboundEvents.shopId, shopId), isNotNull(inboundEvents.processedAt)));
  if (processed!.n !== orders) throw new Error(`${processed!.n} of ${orders} stored events processed`);
  const rows = await db
    .select({ externalId: transactions.externalId, amount: commissions.amount })
    .from(transactions)
    .leftJoin(commissions, eq(commissions.transactionId, transactions.id))
    .where(eq(transactions.shopId, shopId));
  const earned = new Map<string, number[]>();
  for (const row of rows) {
    const list = earned.get(row.externalId) ?? [];
    if (row.amount !== null) list.push(row.amount);
    earned.set(row.externalId, list);
  }
  if (earned.size !== orders) throw new Error(`${earned.size} sales recorded for ${orders} orders`);
  for (let n = 0; n < orders; n++) {
    const expected = mixedOrder(n).commission;
    const got = earned.get(orderId(n));
    const same = got && (expected === null ? got.length === 0 : got.length === 1 && got[0] === expected);
    if (!same) throw new Error(`order ${n}: commission ${JSON.stringify(got)} instead of ${expected ?? "none"}`);
  }
}
