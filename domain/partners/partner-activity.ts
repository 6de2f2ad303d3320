import { and, desc, eq, sql, type SQL } from "drizzle-orm";
import type { Database } from "../../db/client";
import { commissionRules, commissions, couponCodes, customers, links, payouts, transactions } from "../../db/schema/index";

const RECENT = 15;

/**
 * Everything the partner page shows about one partner of one shop: links, coupons, referred customers, the latest
 * commissions and payouts, and the orders whose attribution named this partner, credited or not, with the evidence.
 */
export async function partnerActivity(db: Database, shopId: string, partnerId: string) {
  const recentOrders = (named: SQL) =>
    db.select().from(transactions).where(and(eq(transactions.shopId, shopId), named)).orderBy(desc(transactions.occurredAt)).limit(RECENT);
  const [linkRows, couponRows, customerRows, commissionRows, payoutRows, creditedOrders, namedOrders, ownRules] = await Promise.all([
    db.select().from(links).where(and(eq(links.shopId, shopId), eq(links.partnerId, partnerId))).orderBy(links.createdAt),
    db.select().from(couponCodes).where(and(eq(couponCodes.shopId, shopId), eq(couponCodes.partnerId, partnerId))),
    db
      .select()
      .from(customers)
      .where(and(eq(customers.shopId, shopId), eq(customers.referrerPartnerId, partnerId)))
      .orderBy(desc(customers.boundAt))
      .limit(RECENT),
    db
      .select({ commission: commissions, transaction: transactions })
      .from(commissions)
      .innerJoin(transactions, eq(transactions.id, commissions.transactionId))
      .where(and(eq(commissions.shopId, shopId), eq(commissions.partnerId, partnerId)))
      .orderBy(desc(transactions.occurredAt), desc(commissions.createdAt))
      .limit(RECENT),
    db.select().from(payouts).where(and(eq(payouts.shopId, shopId), eq(payouts.partnerId, partnerId))).orderBy(desc(payouts.createdAt)),
    // Credited to the partner, or naming it in the attribution without crediting it: two index scans, merged below
    // (one OR across both would read every transaction of the shop).
    recentOrders(eq(transactions.partnerId, partnerId)),
    recentOrders(sql`${transactions.attribution}->>'partnerId' = ${partnerId}`),
    db.select().from(commissionRules).where(and(eq(commissionRules.shopId, shopId), eq(commissionRules.partnerId, partnerId))).limit(1),
  ]);
  const orderRows = [...new Map([...creditedOrders, ...namedOrders].map((t) => [t.id, t])).values()]
    .sort((a, b) => b.occurredAt.getTime() - a.occurredAt.getTime())
    .slice(0, RECENT);
  return {
    links: linkRows,
    coupons: couponRows,
    customers: customerRows,
    commissions: commissionRows,
    payouts: payoutRows,
    orders: orderRows,
    ownRule: ownRules[0] ?? null,
  };
}
