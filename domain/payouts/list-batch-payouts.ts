import { and, eq } from "drizzle-orm";
import type { Database } from "../../db/client";
import { partners, payouts } from "../../db/schema/index";
import { cursorAt, windowOf, type RowWindow } from "../shared/row-window";

export const payoutStatuses = ["pending", "paid", "failed"] as const;

/** The payouts of one batch of the shop with their partner (limit + 1 rows, see RowWindow). */
export function listBatchPayouts(db: Database, shopId: string, batchId: string, filter: { status?: (typeof payoutStatuses)[number] }, window: RowWindow) {
  const w = windowOf(window, payouts.createdAt, payouts.id);
  return db
    .select({ payout: payouts, partner: { key: partners.key, name: partners.name }, cursorAt: cursorAt(payouts.createdAt) })
    .from(payouts)
    .innerJoin(partners, eq(partners.id, payouts.partnerId))
    .where(and(eq(payouts.shopId, shopId), eq(payouts.batchId, batchId), filter.status ? eq(payouts.status, filter.status) : undefined, w.where))
    .orderBy(...w.orderBy)
    .limit(w.limit)
    .offset(w.offset);
}
