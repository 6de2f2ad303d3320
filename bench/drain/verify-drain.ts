import { count, eq, isNotNull, and } from "drizzle-orm";
import type { Database } from "../../db/client";
import { commissions, inboundEvents, transactions } from "../../db/schema/index";
import { mixedOrder, orderId } from "./order-mix";

const orderNumberOf = (externalId: string) => Number(BigInt(externalId) - BigInt(orderId(0)));

/**
 * Checks the end state of the mixed orders stored for a shop: every stored event processed (`orders` of them when
 * given), one sale per event, and on each sale exactly the commission its order must earn (none when unattributed).
 * Returns how many orders were checked; throws naming the first difference.
 */
export async function verifyDrain(db: Database, shopId: string, orders?: number): Promise<number> {
  const [stored] = await db.select({ n: count() }).from(inboundEvents).where(eq(inboundEvents.shopId, shopId));
  const [processed] = await db.select({ n: count() }).from(inboundEvents).where(and(eq(inboundEvents.shopId, shopId), isNotNull(inboundEvents.processedAt)));
  if (orders !== undefined && stored!.n !== orders) throw new Error(`${stored!.n} stored events instead of ${orders}`);
  if (processed!.n !== stored!.n) throw new Error(`${processed!.n} of ${stored!.n} stored events processed`);
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
  if (earned.size !== stored!.n) throw new Error(`${earned.size} sales recorded for ${stored!.n} stored orders`);
  for (const [externalId, got] of earned) {
    const n = orderNumberOf(externalId);
    const expected = mixedOrder(n).commission;
    const same = expected === null ? got.length === 0 : got.length === 1 && got[0] === expected;
    if (!same) throw new Error(`order ${n}: commission ${JSON.stringify(got)} instead of ${expected ?? "none"}`);
  }
  return earned.size;
}
