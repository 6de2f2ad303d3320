import { and, eq, sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import { customers, programs, transactions } from "../../db/schema/index";
import { findTransaction } from "../transactions/find-transaction";
import { lockSale } from "../transactions/lock-sale";
import { recordTransaction } from "../transactions/record-transaction";
import { chooseProgram } from "./choose-program";
import { atomically } from "../shared/atomically";
import { editedSaleAmount } from "../transactions/sale-adjustments";
import { paidSaleExternalId } from "./apply-payment-link";
import { DependencyMissingError } from "./errors";
import type { NormalizedEvent } from "./normalized-event";
import type { Transaction } from "../../db/schema/rows";

type Refund = Extract<NormalizedEvent, { type: "refund" }>;
type Cancellation = Extract<NormalizedEvent, { type: "cancellation" }>;
type RefundRestored = Extract<NormalizedEvent, { type: "refund_restored" }>;

async function findTransactionById(db: Database, shopId: string, id: string) {
  const [row] = await db.select().from(transactions).where(and(eq(transactions.shopId, shopId), eq(transactions.id, id)));
  return row;
}

export async function saleContext(db: Database, sale: Transaction) {
  const [program] = await db.select().from(programs).where(eq(programs.id, sale.programId!));
  const [customer] = sale.customerId ? await db.select().from(customers).where(eq(customers.id, sale.customerId)) : [];
  return { program: program!, customer: customer ?? null };
}

/** A refund of a known sale reverses its commissions; one that arrives first is kept until the sale lands. */
export async function applyRefundEvent(db: Database, shopId: string, provider: string, input: Refund): Promise<string | undefined> {
  const event = { ...input, refundsExternalId: await paidSaleExternalId(db, shopId, provider, input.refundsExternalId) };
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

/**
 * Refunded money came back (a dispute won): a negative refund of the same sale, which undoes what the refund
 * reversed (by cumulative totals, so later refunds still reverse exactly). Waits for the refund it restores.
 */
export async function applyRefundRestored(db: Database, shopId: string, provider: string, event: RefundRestored): Promise<string | undefined> {
  const refund = await findTransaction(db, shopId, provider, event.refundExternalId);
  if (!refund || refund.type !== "refund") throw new DependencyMissingError(`${event.refundExternalId} has not been recorded yet`);
  if (refund.amount <= 0) return `${event.refundExternalId} reversed nothing to restore`;
  const sale = refund.refundsTransactionId ? await findTransactionById(db, shopId, refund.refundsTransactionId) : undefined;
  const context = sale ? await saleContext(db, sale) : undefined;
  const program = context?.program ?? (await db.select().from(programs).where(eq(programs.id, refund.programId!)))[0];
  if (!program) return "the refund's program is gone";
  await recordTransaction(db, program, context?.customer ?? null, {
    provider,
    externalId: event.externalId,
    type: "refund",
    restoresRefund: true,
    amount: -refund.amount,
    currency: refund.currency,
    refundsExternalId: refund.refundsExternalId,
    occurredAt: new Date(event.occurredAt),
  });
  return undefined;
}

/**
 * A cancelled order reverses whatever its refunds have not. One that arrives before its order is parked (a refund
 * of 0 marked as a cancellation) and refunds what remains when the order lands, as early refunds are.
 */
export async function applyCancellation(db: Database, shopId: string, provider: string, event: Cancellation): Promise<string | undefined> {
  return atomically(db, async (tx) => {
    // Under the sale's lock, so a refund or the order itself processed at the same time is either counted here or sees this cancellation.
    await lockSale(tx, shopId, provider, event.saleExternalId);
    const sale = await findTransaction(tx, shopId, provider, event.saleExternalId);
    if (!sale) return parkCancellation(tx, shopId, provider, event);
    const [refunded] = await tx
      .select({ total: sql<string>`coalesce(sum(${transactions.amount}), 0)` })
      .from(transactions)
      .where(and(eq(transactions.shopId, shopId), eq(transactions.refundsTransactionId, sale.id), eq(transactions.type, "refund")));
    const remaining = (await editedSaleAmount(tx, sale)) - Number(refunded!.total);
    if (remaining <= 0) return "the order was already refunded in full";
    const { program, customer } = await saleContext(tx, sale);
    await recordTransaction(tx, program, customer, {
      provider,
      externalId: `cancel:${sale.externalId}`,
      type: "refund",
      amount: remaining,
      currency: sale.currency,
      refundsExternalId: sale.externalId,
      occurredAt: new Date(event.occurredAt),
    });
    return undefined;
  });
}

async function parkCancellation(db: Database, shopId: string, provider: string, event: Cancellation): Promise<string | undefined> {
  const externalId = `cancel:${event.saleExternalId}`;
  if (await findTransaction(db, shopId, provider, externalId)) return undefined;
  const chosen = await chooseProgram(db, shopId, { couponCodes: [] }, null, null);
  if (!chosen) return "the shop has no program yet";
  await recordTransaction(db, chosen.program, null, {
    provider,
    externalId,
    type: "refund",
    amount: 0,
    currency: chosen.program.currency,
    refundsExternalId: event.saleExternalId,
    occurredAt: new Date(event.occurredAt),
    cancellation: true,
  });
  return undefined;
}
