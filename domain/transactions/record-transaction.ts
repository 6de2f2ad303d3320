import { and, asc, eq, isNull } from "drizzle-orm";
import type { Database } from "../../db/client";
import { commissions, transactions } from "../../db/schema/index";
import type { AttributionRecord, TransactionProduct } from "../../db/schema/index";
import { attribute, attributionRecord, type Attribution } from "../attribution/attribute";
import { applyRefund } from "../commissions/apply-refund";
import { earnCommission } from "../commissions/earn-commission";
import { bindCustomer, lockCustomer } from "../customers/bind-customer";
import { findTransaction } from "./find-transaction";
import { lockSale } from "./lock-sale";
import { atomically } from "../shared/atomically";
import { conflict, invalid } from "../shared/errors";
import type { Commission, Customer, Program, Transaction } from "../../db/schema/rows";

export interface TransactionInput {
  provider: string;
  externalId: string;
  type: "sale" | "renewal" | "refund";
  /** Minor units; for a sale or renewal the amount after discounts, excluding tax and shipping. Refunds are positive, restorations negative. */
  amount: number;
  /** A refund whose money came back (a dispute won): recorded as a negative refund of the same sale, undoing its reversals. */
  restoresRefund?: boolean;
  currency: string;
  tax?: number;
  shipping?: number;
  refundsExternalId?: string | null;
  products?: TransactionProduct[];
  occurredAt?: Date;
  couponCode?: string | null;
  referralKey?: string | null;
  clickedAt?: Date | null;
  /** A test order: its attribution is recorded (who it would credit) but it earns nothing and binds nobody. */
  test?: boolean;
  /** A sale: the provider's version of the order (Shopify updated_at), so an older delivery never undoes an edit. */
  revisedAt?: Date | null;
  /** A cancellation parked before its order (amount 0): when the order lands it refunds whatever remains. */
  cancellation?: boolean;
  /** A sale's payment with tax, when the provider's refunds are parts of it: refunds reverse their share of this. */
  paidAmount?: number | null;
  subscriptionExternalId?: string | null;
}

export interface RecordedTransaction {
  transaction: Transaction;
  commissions: Commission[];
  /** false when the same key was recorded before: nothing changed. */
  created: boolean;
}

const sameRequest = (existing: Transaction, customerId: string | null, input: TransactionInput) =>
  existing.type === input.type &&
  existing.amount === input.amount &&
  existing.currency === input.currency &&
  (customerId === null || existing.customerId === null || existing.customerId === customerId);

async function commissionsOf(db: Database, transaction: Transaction): Promise<Commission[]> {
  return db
    .select()
    .from(commissions)
    .where(and(eq(commissions.shopId, transaction.shopId), eq(commissions.transactionId, transaction.id)))
    .orderBy(commissions.createdAt);
}

/**
 * Records a sale, renewal or refund exactly once per (provider, external id), attributes it, binds its customer
 * (bindCustomer), and creates the commissions it earns (or the reversals a refund causes) in the same database
 * transaction. Everything touching one sale runs under lockSale, the customer row is locked before it is read, and
 * the same key sent concurrently answers with the first result. A refund that arrives before its sale is kept and
 * applied when the sale is recorded. `customer` may be null only for a refund whose sale has not arrived yet (it is
 * linked when the sale lands).
 */
export async function recordTransaction(db: Database, program: Program, customer: Customer | null, input: TransactionInput): Promise<RecordedTransaction> {
  const shopId = program.shopId;
  const currency = input.currency.toUpperCase();
  if (currency !== program.currency) throw invalid(`currency must be the program's currency (${program.currency})`, "currency");
  const negativeAllowed = input.type === "refund" && input.restoresRefund === true;
  if (!Number.isSafeInteger(input.amount) || (input.amount < 0 && !negativeAllowed)) throw invalid("amount must be a non-negative integer of minor units", "amount");
  if (input.type === "refund" && !input.refundsExternalId) throw invalid("a refund must name the transaction it refunds", "refunds");
  if (input.type !== "refund" && !customer) throw invalid("a sale or renewal needs a customer", "customer_key");

  return atomically(db, async (tx) => {
    // Lock order everywhere: customer row, then sale.
    const current = customer && input.type !== "refund" ? await lockCustomer(tx, shopId, customer.id) : null;
    await lockSale(tx, shopId, input.provider, input.type === "refund" ? input.refundsExternalId! : input.externalId);
    const existing = await findTransaction(tx, shopId, input.provider, input.externalId);
    if (existing) return replayed(tx, existing, customer?.id ?? null, { ...input, currency });

    const occurredAt = input.occurredAt ?? new Date();
    let partnerId: string | null = null;
    let refunded: Transaction | undefined;
    let attribution: AttributionRecord;
    let result: Attribution | undefined;
    if (input.type === "refund") {
      refunded = await findTransaction(tx, shopId, input.provider, input.refundsExternalId!);
      partnerId = refunded?.partnerId ?? null;
      attribution = refunded
        ? { attributed: partnerId !== null, partnerId: partnerId ?? undefined, evidence: "refunded_sale" }
        : { attributed: false, reason: "sale_not_recorded_yet", ...(input.cancellation ? { details: { cancellation: true } } : {}) };
    } else {
      result = await attribute(tx, program, {
        couponCode: input.couponCode,
        referralKey: input.referralKey,
        clickedAt: input.clickedAt,
        boundPartnerId: current!.referrerPartnerId,
        email: current!.email,
        customerId: current!.id,
        at: occurredAt,
      });
      attribution = attributionRecord(result);
      if (input.test) attribution = testOrderRecord(result);
      else if (result.attributed) partnerId = result.partner.id;
    }
    const [inserted] = await tx
      .insert(transactions)
      .values({
        shopId,
        programId: program.id,
        customerId: customer?.id ?? refunded?.customerId ?? null,
        partnerId,
        provider: input.provider,
        externalId: input.externalId,
        type: input.type,
        amount: input.amount,
        currency,
        refundsTransactionId: refunded?.id ?? null,
        refundsExternalId: input.refundsExternalId ?? null,
        products: input.products ?? [],
        paidAmount: input.type === "refund" ? null : (input.paidAmount ?? null),
        subscriptionExternalId: input.subscriptionExternalId ?? null,
        attribution,
        revisedAt: input.revisedAt ?? null,
        occurredAt,
      })
      .onConflictDoNothing()
      .returning();
    if (!inserted) {
      // The same key was recorded concurrently (a refund locks its sale, not its own key): answer with that result.
      const winner = (await findTransaction(tx, shopId, input.provider, input.externalId))!;
      return replayed(tx, winner, customer?.id ?? null, { ...input, currency });
    }
    if (input.type === "refund") {
      return { transaction: inserted, commissions: refunded ? await applyRefund(tx, inserted, refunded) : [], created: true };
    }
    if (input.test) {
      await applyParkedRefunds(tx, inserted); // linked like any order's, though they reverse nothing
      return { transaction: inserted, commissions: [], created: true };
    }
    const earned = await earnCommission(tx, program, current!, inserted, input);
    await bindCustomer(tx, program, current!, result!, { at: occurredAt });
    await applyParkedRefunds(tx, inserted);
    return { transaction: inserted, commissions: earned, created: true };
  });
}

/** What a test order would have done, for the merchant trying the set-up; nobody is credited. */
function testOrderRecord(result: Attribution): AttributionRecord {
  if (!result.attributed) return { ...attributionRecord(result), details: { testOrder: true } };
  return { attributed: false, reason: "test_order", partnerId: result.partner.id, evidence: result.evidence, details: { testOrder: true, partnerKey: result.partner.key } };
}

async function replayed(db: Database, existing: Transaction, customerId: string | null, input: TransactionInput): Promise<RecordedTransaction> {
  // A versioned order (revisedAt) may come back with another amount: an edit, which the caller applies (applyOrderEdit).
  const revision = input.revisedAt != null && existing.type === input.type && existing.type !== "refund";
  if (!revision && !sameRequest(existing, customerId, input)) throw conflict(`transaction ${input.externalId} was already recorded with other values`, "key");
  return { transaction: existing, commissions: await commissionsOf(db, existing), created: false };
}

/**
 * Refunds that arrived before this sale, linked and applied one at a time in the order they happened; a parked
 * cancellation comes last and refunds whatever the others left.
 */
export async function applyParkedRefunds(db: Database, sale: Transaction): Promise<void> {
  const parked = await db
    .select()
    .from(transactions)
    .where(
      and(
        eq(transactions.shopId, sale.shopId),
        eq(transactions.provider, sale.provider),
        eq(transactions.refundsExternalId, sale.externalId),
        isNull(transactions.refundsTransactionId),
      ),
    )
    .orderBy(asc(transactions.occurredAt), asc(transactions.createdAt), asc(transactions.id));
  const isCancellation = (row: Transaction) => row.attribution?.details?.cancellation === true;
  let refunded = 0;
  for (const refund of [...parked.filter((r) => !isCancellation(r)), ...parked.filter(isCancellation)]) {
    // A new sale has no edits yet: its amount is the whole of it.
    const amount = isCancellation(refund) ? Math.max(0, sale.amount - refunded) : refund.amount;
    refunded += amount;
    const [linked] = await db
      .update(transactions)
      .set({
        amount,
        currency: sale.currency,
        refundsTransactionId: sale.id,
        partnerId: sale.partnerId,
        programId: sale.programId,
        customerId: sale.customerId,
        // The same record a refund arriving after its sale gets, instead of the stale "sale_not_recorded_yet".
        attribution: { attributed: sale.partnerId !== null, partnerId: sale.partnerId ?? undefined, evidence: "refunded_sale" },
      })
      .where(eq(transactions.id, refund.id))
      .returning();
    await applyRefund(db, linked!, sale);
  }
}
