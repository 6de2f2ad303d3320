import { and, eq, sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import { customers, programs, transactions } from "../../db/schema/index";
import { findTransaction } from "../transactions/find-transaction";
import { lockSale } from "../transactions/lock-sale";
import { recordTransaction, type Transaction } from "../transactions/record-transaction";
import { chooseProgram } from "./choose-program";
import { DependencyMissingError } from "./errors";
import type { NormalizedEvent } from "./normalized-event";

type Refund = Extract<NormalizedEvent, { type: "refund" }>;
type Cancellation = Extract<NormalizedEvent, { type: "cancellation" }>;

async function saleContext(db: Database, sale: Transaction) {
  const [program] = await db.select().from(programs).where(eq(programs.id, sale.programId!));
  const [customer] = sale.customerId ? await db.select().from(customers).where(eq(customers.id, sale.customerId)) : [];
  return { program: program!, customer: customer ?? null };
}

/** A refund of a known sale reverses its commissions; one that arrives first is kept until the sale lands. */
export async function applyRefundEvent(db: Database, shopId: string, provider: string, event: Refund): Promise<string | undefined> {
  const sale = await findTransaction(db, shopId, provider, event.refundsExternalId);
  const context = sale ? await saleContext(db, sale) : undefined;
  const program = context?.program ?? (await chooseProgram(db, shopId, { couponCodes: [] }, null, event.currency))?.program;
  if (!program) return "the shop has no program yet";
  await recordTransaction(db, program, context?.customer ?? null, {
    provider,
    externalId: event.externalId,
    type: "refund",
    amount: event.amount,
    currency: event.currency,
    refundsExternalId: event.refundsExternalId,
    occurredAt: new Date(event.occurredAt),
  });
  return undefined;
}

/** A cancelled order reverses whatever its refunds have not. */
export async function applyCancellation(db: Database, shopId: string, provider: string, event: Cancellation): Promise<string | undefined> {
  const sale = await findTransaction(db, shopId, provider, event.saleExternalId);
  if (!sale) throw new DependencyMissingError(`order ${event.saleExternalId} has not been recorded yet`);
  // Under the sale's lock, so a refund processed at the same time is either counted here or sees this cancellation.
  await lockSale(db, shopId, provider, sale.externalId);
  const [refunded] = await db
    .select({ total: sql<string>`coalesce(sum(${transactions.amount}), 0)` })
    .from(transactions)
    .where(and(eq(transactions.shopId, shopId), eq(transactions.refundsTransactionId, sale.id)));
  const remaining = sale.amount - Number(refunded!.total);
  if (remaining <= 0) return "the order was already refunded in full";
  const { program, customer } = await saleContext(db, sale);
  await recordTransaction(db, program, customer, {
    provider,
    externalId: `cancel:${sale.externalId}`,
    type: "refund",
    amount: remaining,
    currency: sale.currency,
    refundsExternalId: sale.externalId,
    occurredAt: new Date(event.occurredAt),
  });
  return undefined;
}
