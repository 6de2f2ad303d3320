import { and, eq, isNull } from "drizzle-orm";
import type { Database } from "../../db/client";
import { commissions, customers, leads, transactions } from "../../db/schema/index";
import type { TransactionProduct } from "../../db/schema/index";
import { attribute, attributionRecord } from "../attribution/attribute";
import { applyRefund, type Commission } from "../commissions/apply-refund";
import { calculateCommission } from "../commissions/calculate-commission";
import { customerPaymentContext, partnerPeriodPerformance } from "../commissions/performance-context";
import { resolveRule, snapshotRule } from "../commissions/resolve-rule";
import { customerSourceOf, type Customer } from "../customers/track-customer";
import type { Program } from "../programs/create-program";
import { conflict, invalid } from "../shared/errors";
import { emitCommissionsCreated } from "../webhooks/emit-domain-events";

export type Transaction = typeof transactions.$inferSelect;

export interface TransactionInput {
  provider: string;
  externalId: string;
  type: "sale" | "renewal" | "refund";
  /** Minor units; for a sale or renewal the amount after discounts, excluding tax and shipping. Refunds are positive. */
  amount: number;
  currency: string;
  tax?: number;
  shipping?: number;
  refundsExternalId?: string | null;
  products?: TransactionProduct[];
  occurredAt?: Date;
  couponCode?: string | null;
  referralKey?: string | null;
  clickedAt?: Date | null;
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

/** The commission a sale or renewal earns for its attributed partner, inserted; [] when it earns nothing. */
export async function earnCommission(
  db: Database,
  program: Program,
  customer: Customer,
  transaction: Transaction,
  input: Pick<TransactionInput, "type" | "tax" | "shipping">,
) {
  if (!transaction.partnerId) return [];
  const partner = (await db.query.partners.findFirst({ where: (p, { eq: equals }) => equals(p.id, transaction.partnerId!) }))!;
  const rule = await resolveRule(db, program, partner);
  const snapshot = snapshotRule(rule, program);
  const result = calculateCommission(snapshot, {
    type: input.type === "renewal" ? "renewal" : "sale",
    amount: transaction.amount,
    tax: input.tax,
    shipping: input.shipping,
    lines: transaction.products,
    // Payment history matters only to recurring limits, partner performance only to tiers: skip the queries otherwise.
    ...(input.type === "renewal"
      ? await customerPaymentContext(db, program.shopId, customer.id, transaction.occurredAt)
      : { paymentNumber: 1, monthsSinceFirstPayment: 0 }),
    ...(snapshot.tiers.length > 0
      ? await partnerPeriodPerformance(db, program.shopId, partner.id, snapshot.tierPeriod, transaction.occurredAt)
      : { periodRevenueBefore: 0, periodSalesBefore: 0 }),
  });
  if (!result.earns || result.amount === 0) return [];
  const approvedNow = program.holdDays === 0;
  const [commission] = await db
    .insert(commissions)
    .values({
      shopId: program.shopId,
      programId: program.id,
      partnerId: partner.id,
      transactionId: transaction.id,
      ruleId: rule.id,
      ruleSnapshot: { ...snapshot },
      amount: result.amount,
      currency: transaction.currency,
      status: approvedNow ? "approved" : "pending",
      approvedAt: approvedNow ? new Date() : null,
      holdUntil: new Date(transaction.occurredAt.getTime() + program.holdDays * 86_400_000),
      note: result.explanation,
    })
    .returning();
  await emitCommissionsCreated(db, [commission!]);
  return [commission!];
}

/**
 * Records a sale, renewal or refund exactly once per (provider, external id), attributes it, and creates the
 * commissions it earns (or the reversals a refund causes) in the same database transaction. A refund that
 * arrives before its sale is kept and applied when the sale is recorded.
 */
/** `customer` may be null only for a refund whose sale has not arrived yet (it is linked when the sale lands). */
export async function recordTransaction(db: Database, program: Program, customer: Customer | null, input: TransactionInput): Promise<RecordedTransaction> {
  const shopId = program.shopId;
  const currency = input.currency.toUpperCase();
  if (currency !== program.currency) throw invalid(`currency must be the program's currency (${program.currency})`, "currency");
  if (!Number.isSafeInteger(input.amount) || input.amount < 0) throw invalid("amount must be a non-negative integer of minor units", "amount");
  if (input.type === "refund" && !input.refundsExternalId) throw invalid("a refund must name the transaction it refunds", "refunds");
  if (input.type !== "refund" && !customer) throw invalid("a sale or renewal needs a customer", "customer_key");

  return db.transaction(async (tx) => {
    const [existing] = await tx
      .select()
      .from(transactions)
      .where(and(eq(transactions.shopId, shopId), eq(transactions.provider, input.provider), eq(transactions.externalId, input.externalId)))
      .limit(1);
    if (existing) {
      if (!sameRequest(existing, customer?.id ?? null, { ...input, currency })) {
        throw conflict(`transaction ${input.externalId} was already recorded with other values`, "key");
      }
      return { transaction: existing, commissions: await commissionsOf(tx, existing), created: false };
    }
    const occurredAt = input.occurredAt ?? new Date();
    let partnerId: string | null = null;
    let refunded: Transaction | undefined;
    let attribution;
    if (input.type === "refund") {
      [refunded] = await tx
        .select()
        .from(transactions)
        .where(and(eq(transactions.shopId, shopId), eq(transactions.provider, input.provider), eq(transactions.externalId, input.refundsExternalId!)))
        .limit(1);
      partnerId = refunded?.partnerId ?? null;
    } else {
      const [current] = await tx.select().from(customers).where(eq(customers.id, customer!.id)).limit(1);
      const result = await attribute(tx, program, {
        couponCode: input.couponCode,
        referralKey: input.referralKey,
        clickedAt: input.clickedAt,
        boundPartnerId: current!.referrerPartnerId,
        email: current!.email,
        customerId: current!.id,
        at: occurredAt,
      });
      attribution = attributionRecord(result);
      if (result.attributed) {
        partnerId = result.partner.id;
        if (!current!.referrerPartnerId && result.evidence !== "customer_binding") {
          await tx
            .update(customers)
            .set({ referrerPartnerId: partnerId, source: customerSourceOf(result.evidence), boundAt: occurredAt })
            .where(eq(customers.id, current!.id));
        }
        if (result.evidence === "lead" && result.leadId) {
          await tx.update(leads).set({ status: "converted", customerId: current!.id, convertedAt: occurredAt }).where(eq(leads.id, result.leadId));
        }
      }
    }
    const [transaction] = await tx
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
        attribution: attribution ?? (refunded ? { attributed: partnerId !== null, partnerId: partnerId ?? undefined, evidence: "refunded_sale" } : { attributed: false, reason: "sale_not_recorded_yet" }),
        occurredAt,
      })
      .returning();
    const created = transaction!;
    if (input.type === "refund") {
      return { transaction: created, commissions: refunded ? await applyRefund(tx, created, refunded) : [], created: true };
    }
    const earned = await earnCommission(tx, program, customer!, created, input);
    // Refunds that arrived before this sale: link them now and reverse, so the end state equals in-order delivery.
    const parked = await tx
      .update(transactions)
      .set({ refundsTransactionId: created.id, partnerId: created.partnerId, programId: created.programId, customerId: created.customerId })
      .where(
        and(
          eq(transactions.shopId, shopId),
          eq(transactions.provider, input.provider),
          eq(transactions.refundsExternalId, created.externalId),
          isNull(transactions.refundsTransactionId),
        ),
      )
      .returning();
    for (const refund of parked) await applyRefund(tx, refund, created);
    return { transaction: created, commissions: earned, created: true };
  });
}
