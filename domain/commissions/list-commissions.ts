import { and, desc, eq, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Database } from "../../db/client";
import { commissions, partners, transactions } from "../../db/schema/index";
import { pageOf, type PageRequest } from "../shared/page";

export const commissionStatuses = ["pending", "approved", "paid", "rejected", "reversed"] as const;

export interface CommissionFilter {
  status?: (typeof commissionStatuses)[number];
  kind?: "commission" | "reversal";
  partnerId?: string;
  programId?: string;
}

const sale = alias(transactions, "sale");

/** The shop's commissions that match the filter (the admin's list and GET /api/v1/commissions). */
export function commissionFilterWhere(shopId: string, filter: CommissionFilter): SQL[] {
  const conditions: SQL[] = [eq(commissions.shopId, shopId)];
  if (filter.status) conditions.push(eq(commissions.status, filter.status));
  if (filter.kind) conditions.push(eq(commissions.kind, filter.kind));
  if (filter.partnerId) conditions.push(eq(commissions.partnerId, filter.partnerId));
  if (filter.programId) conditions.push(eq(commissions.programId, filter.programId));
  return conditions;
}

/**
 * Commissions and reversals of one shop, newest first, with their partner and transaction. A reversal's transaction
 * is the refund that caused it; `sale` is the order it reverses.
 */
export async function listCommissions(db: Database, shopId: string, filter: CommissionFilter, page: PageRequest) {
  const conditions = commissionFilterWhere(shopId, filter);
  const rows = await db
    .select({
      commission: commissions,
      partner: { id: partners.id, name: partners.name, key: partners.key },
      transaction: { externalId: transactions.externalId, type: transactions.type, amount: transactions.amount, occurredAt: transactions.occurredAt },
      refundedSale: { externalId: sale.externalId, amount: sale.amount },
    })
    .from(commissions)
    .innerJoin(partners, eq(partners.id, commissions.partnerId))
    .innerJoin(transactions, eq(transactions.id, commissions.transactionId))
    .leftJoin(sale, eq(sale.id, transactions.refundsTransactionId))
    .where(and(...conditions))
    .orderBy(desc(transactions.occurredAt), desc(commissions.createdAt), desc(commissions.id))
    .limit(page.limit + 1)
    .offset(page.offset);
  return pageOf(rows, page);
}
