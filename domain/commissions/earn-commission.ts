import type { Database } from "../../db/client";
import { commissions, transactions } from "../../db/schema/index";
import { findPartnerById } from "../partners/find-partner";
import { calculateCommission } from "./calculate-commission";
import { customerPaymentContext, partnerPeriodPerformance } from "./performance-context";
import { resolveRule, snapshotRule } from "./resolve-rule";
import { emitCommissionsCreated } from "../webhooks/emit-domain-events";
import type { Commission, Customer, Program } from "../../db/schema/rows";

type Transaction = typeof transactions.$inferSelect;

/** The commission a sale or renewal earns for its attributed partner, inserted; [] when it earns nothing. */
export async function earnCommission(
  db: Database,
  program: Program,
  customer: Customer,
  transaction: Transaction,
  input: { type: "sale" | "renewal" | "refund"; tax?: number; shipping?: number },
): Promise<Commission[]> {
  if (!transaction.partnerId) return [];
  const partner = (await findPartnerById(db, program.shopId, transaction.partnerId))!;
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
