import { and, eq, sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import { transactions } from "../../db/schema/index";

type Transaction = typeof transactions.$inferSelect;

/** What order edits added to a sale (`adjustment` rows linked to it), in the order they were made. */
export function saleAdjustments(db: Database, sale: Transaction): Promise<Transaction[]> {
  return db
    .select()
    .from(transactions)
    .where(and(eq(transactions.shopId, sale.shopId), eq(transactions.refundsTransactionId, sale.id), eq(transactions.type, "adjustment")))
    .orderBy(transactions.occurredAt, transactions.createdAt);
}

/** The sale's amount with every line an edit added: what refunds and cancellations are a share of. */
export async function editedSaleAmount(db: Database, sale: Transaction): Promise<number> {
  const [row] = await db
    .select({ total: sql<string>`coalesce(sum(${transactions.amount}), 0)` })
    .from(transactions)
    .where(and(eq(transactions.shopId, sale.shopId), eq(transactions.refundsTransactionId, sale.id), eq(transactions.type, "adjustment")));
  return sale.amount + Number(row!.total);
}
