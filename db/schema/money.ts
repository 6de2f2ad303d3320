import { sql } from "drizzle-orm";
import { boolean, index, integer, jsonb, pgEnum, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { at, createdAt, id, minorUnits } from "./columns";
import { customers } from "./customers";
import { partners } from "./partners";
import { commissionRules, programs } from "./programs";
import { shops } from "./shops";

/** `adjustment`: what an order edit added to a sale (lines added after payment); removed lines are refunds. */
export const transactionType = pgEnum("transaction_type", ["sale", "renewal", "refund", "adjustment"]);
export const commissionKind = pgEnum("commission_kind", ["commission", "reversal"]);
export const commissionStatus = pgEnum("commission_status", ["pending", "approved", "paid", "rejected", "reversed"]);
export const payoutBatchStatus = pgEnum("payout_batch_status", ["draft", "exported", "paid"]);
export const payoutStatus = pgEnum("payout_status", ["pending", "paid", "failed"]);

/** The evidence an attribution used, or why it did not attribute. Stored with the transaction. */
export type AttributionRecord = {
  attributed: boolean;
  partnerId?: string;
  evidence?: string;
  reason?: string;
  details?: Record<string, unknown>;
};

export type TransactionProduct = { id: string; collectionIds?: string[]; quantity: number; amount: number };

/** A sale, renewal or refund. Unique per (shop, provider, external id) so redelivery cannot duplicate it. */
export const transactions = pgTable(
  "transactions",
  {
    id: id(),
    shopId: uuid("shop_id").notNull().references(() => shops.id, { onDelete: "cascade" }),
    programId: uuid("program_id").references(() => programs.id, { onDelete: "set null" }),
    customerId: uuid("customer_id").references(() => customers.id, { onDelete: "set null" }),
    partnerId: uuid("partner_id").references(() => partners.id, { onDelete: "set null" }),
    provider: text("provider").notNull(),
    externalId: text("external_id").notNull(),
    type: transactionType("type").notNull(),
    amount: minorUnits("amount").notNull(),
    currency: text("currency").notNull(),
    refundsTransactionId: uuid("refunds_transaction_id"),
    /** Kept so a refund that arrives before its sale can be linked when the sale lands. */
    refundsExternalId: text("refunds_external_id"),
    products: jsonb("products").$type<TransactionProduct[]>().notNull().default([]),
    /** A sale's payment with tax, when the provider's refunds are parts of it (Stripe): a refund reverses its share of this. */
    paidAmount: minorUnits("paid_amount"),
    /** The provider's subscription a sale or renewal pays for: its first recorded payment is its sale. */
    subscriptionExternalId: text("subscription_external_id"),
    attribution: jsonb("attribution").$type<AttributionRecord>(),
    /** A sale: the provider's version (Shopify updated_at) of the order last applied, so an older delivery never undoes an edit. */
    revisedAt: at("revised_at"),
    occurredAt: at("occurred_at").notNull().defaultNow(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("transactions_provider_external_key").on(t.shopId, t.provider, t.externalId),
    index("transactions_shop_partner_idx").on(t.shopId, t.partnerId, t.occurredAt),
    index("transactions_shop_customer_idx").on(t.shopId, t.customerId, t.occurredAt),
    // The dashboard's sales of a period; the partner page's orders whose attribution names a partner it did not credit.
    index("transactions_shop_time_idx").on(t.shopId, t.occurredAt),
    index("transactions_shop_named_partner_idx").on(t.shopId, sql`(${t.attribution}->>'partnerId')`, t.occurredAt),
    index("transactions_refunds_idx").on(t.shopId, t.refundsTransactionId),
    index("transactions_subscription_idx")
      .on(t.shopId, t.provider, t.subscriptionExternalId)
      .where(sql`subscription_external_id is not null`),
    index("transactions_parked_refunds_idx")
      .on(t.shopId, t.provider, t.refundsExternalId)
      .where(sql`refunds_transaction_id is null and refunds_external_id is not null`),
  ],
);

export const payoutBatches = pgTable(
  "payout_batches",
  {
    id: id(),
    shopId: uuid("shop_id").notNull().references(() => shops.id, { onDelete: "cascade" }),
    currency: text("currency").notNull(),
    status: payoutBatchStatus("status").notNull().default("draft"),
    exportedAt: at("exported_at"),
    paidAt: at("paid_at"),
    createdAt: createdAt(),
  },
  (t) => [index("payout_batches_shop_idx").on(t.shopId, t.createdAt)],
);

/** A merchant's automatic payout batches: one per currency, every `everyDays` days from `nextRunAt`. */
export const payoutSchedules = pgTable(
  "payout_schedules",
  {
    id: id(),
    shopId: uuid("shop_id").notNull().references(() => shops.id, { onDelete: "cascade" }),
    currency: text("currency").notNull(),
    everyDays: integer("every_days").notNull(),
    nextRunAt: at("next_run_at").notNull(),
    lastRunAt: at("last_run_at"),
    lastBatchId: uuid("last_batch_id"),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("payout_schedules_shop_currency_key").on(t.shopId, t.currency), index("payout_schedules_due_idx").on(t.nextRunAt)],
);

export const payouts = pgTable(
  "payouts",
  {
    id: id(),
    shopId: uuid("shop_id").notNull().references(() => shops.id, { onDelete: "cascade" }),
    batchId: uuid("batch_id").notNull().references(() => payoutBatches.id, { onDelete: "cascade" }),
    partnerId: uuid("partner_id").notNull().references(() => partners.id, { onDelete: "restrict" }),
    amount: minorUnits("amount").notNull(),
    currency: text("currency").notNull(),
    method: text("method"),
    status: payoutStatus("status").notNull().default("pending"),
    externalReference: text("external_reference"),
    paidAt: at("paid_at"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("payouts_batch_partner_key").on(t.batchId, t.partnerId),
    index("payouts_shop_partner_idx").on(t.shopId, t.partnerId),
  ],
);

/**
 * A commission earned on a transaction, or a reversal of part of one caused by a refund.
 * Amounts are positive; the kind says which way they count. Each row keeps the rule snapshot it used.
 */
export const commissions = pgTable(
  "commissions",
  {
    id: id(),
    shopId: uuid("shop_id").notNull().references(() => shops.id, { onDelete: "cascade" }),
    programId: uuid("program_id").notNull().references(() => programs.id, { onDelete: "cascade" }),
    partnerId: uuid("partner_id").notNull().references(() => partners.id, { onDelete: "restrict" }),
    transactionId: uuid("transaction_id").notNull().references(() => transactions.id, { onDelete: "restrict" }),
    ruleId: uuid("rule_id").references(() => commissionRules.id, { onDelete: "set null" }),
    ruleSnapshot: jsonb("rule_snapshot").$type<Record<string, unknown>>().notNull(),
    kind: commissionKind("kind").notNull().default("commission"),
    reversesCommissionId: uuid("reverses_commission_id"),
    amount: minorUnits("amount").notNull(),
    currency: text("currency").notNull(),
    status: commissionStatus("status").notNull().default("pending"),
    selfReferral: boolean("self_referral").notNull().default(false),
    note: text("note"),
    holdUntil: at("hold_until"),
    approvedAt: at("approved_at"),
    rejectedAt: at("rejected_at"),
    paidAt: at("paid_at"),
    payoutId: uuid("payout_id").references(() => payouts.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("commissions_program_transaction_rule_key")
      .on(t.programId, t.transactionId, t.ruleId)
      .where(sql`kind = 'commission'`),
    uniqueIndex("commissions_reversal_key").on(t.transactionId, t.reversesCommissionId).where(sql`kind = 'reversal'`),
    index("commissions_shop_partner_status_idx").on(t.shopId, t.partnerId, t.status),
    index("commissions_shop_status_hold_idx").on(t.shopId, t.status, t.holdUntil),
    index("commissions_reverses_idx").on(t.reversesCommissionId).where(sql`kind = 'reversal'`),
    index("commissions_shop_created_idx").on(t.shopId, t.createdAt, t.id),
    index("commissions_payout_idx").on(t.payoutId).where(sql`payout_id is not null`),
  ],
);
