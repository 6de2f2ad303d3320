import { and, eq, gte, inArray, lt, min, sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import { shops, transactions } from "../../db/schema/index";
import { startOfShopMonth } from "../shops/shop-time";
import type { TierPeriod } from "./rule-snapshot";

/** A calendar-month tier period starts on the 1st at midnight in the shop's time zone. */
function periodStart(period: TierPeriod, at: Date, timeZone: string): Date {
  if (period.kind === "lifetime") return new Date(0);
  if (period.kind === "rolling") return new Date(at.getTime() - period.days * 86_400_000);
  return startOfShopMonth(at, timeZone);
}

/** The partner's referred revenue and sales in the tier period, before `at`. Refunds do not lower it. */
export async function partnerPeriodPerformance(db: Database, shopId: string, partnerId: string, period: TierPeriod, at: Date) {
  const [shop] = await db.select({ timezone: shops.timezone }).from(shops).where(eq(shops.id, shopId));
  const [row] = await db
    .select({ revenue: sql<string>`coalesce(sum(${transactions.amount}), 0)`, sales: sql<number>`count(*)::int` })
    .from(transactions)
    .where(
      and(
        eq(transactions.shopId, shopId),
        eq(transactions.partnerId, partnerId),
        inArray(transactions.type, ["sale", "renewal"]),
        gte(transactions.occurredAt, periodStart(period, at, shop?.timezone ?? "UTC")),
        lt(transactions.occurredAt, at),
      ),
    );
  return { periodRevenueBefore: Number(row!.revenue), periodSalesBefore: row!.sales };
}

function wholeMonthsBetween(from: Date, to: Date): number {
  let months = (to.getUTCFullYear() - from.getUTCFullYear()) * 12 + (to.getUTCMonth() - from.getUTCMonth());
  if (to.getUTCDate() < from.getUTCDate()) months -= 1;
  return Math.max(0, months);
}

/** Which payment of the customer this is (1 = first) and whole months since the first, for recurring limits. */
export async function customerPaymentContext(db: Database, shopId: string, customerId: string, at: Date) {
  const [row] = await db
    .select({ before: sql<number>`count(*)::int`, first: min(transactions.occurredAt) })
    .from(transactions)
    .where(
      and(
        eq(transactions.shopId, shopId),
        eq(transactions.customerId, customerId),
        inArray(transactions.type, ["sale", "renewal"]),
        lt(transactions.occurredAt, at),
      ),
    );
  const first = row!.first ? new Date(row!.first) : at;
  return { paymentNumber: row!.before + 1, monthsSinceFirstPayment: wholeMonthsBetween(first, at) };
}
