import { and, count, desc, eq, isNull, sql, sum } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import type { Database } from "../../db/client";
import { clicks, commissions, couponCodes, customers, leads, links, payouts, shops, transactions } from "../../db/schema/index";
import { referralLinkUrls } from "../links/referral-link-urls";
import { partnerBalances } from "../commissions/partner-balances";
import { listProgramCreatives } from "../creatives/list-creatives";
import type { Partner, Program } from "../../db/schema/rows";

const RECENT = 20;

/** a***@example.com: enough for a partner to recognise a referral, not to contact them. */
export const maskEmail = (email: string | null): string | null => {
  if (!email) return null;
  const [local, domain] = email.split("@");
  return `${local!.slice(0, 1)}***@${domain ?? ""}`;
};

/** Everything the portal shows one partner; every query is filtered on this shop and this partner. */
export async function partnerDashboard(db: Database, shopId: string, partner: Partner, program: Program, now = new Date()) {
  const mine = (table: { shopId: AnyPgColumn; partnerId: AnyPgColumn }) => and(eq(table.shopId, shopId), eq(table.partnerId, partner.id));
  const since = new Date(now.getTime() - 30 * 86_400_000);
  const [shop] = await db.select({ domain: shops.domain, primaryDomainHost: shops.primaryDomainHost }).from(shops).where(eq(shops.id, shopId));

  const [linkRows, couponRows, clickCounts, referred, referredCount, revenue, byStatus, payoutRows, balances, leadRows, creativeRows] = await Promise.all([
    db.select().from(links).where(mine(links)).orderBy(links.createdAt),
    db.select({ code: couponCodes.code }).from(couponCodes).where(and(mine(couponCodes), isNull(couponCodes.deletedAt))).orderBy(couponCodes.code),
    db
      .select({ total: count(), recent: sql<string>`count(*) filter (where ${clicks.clickedAt} >= ${since.toISOString()})` })
      .from(clicks)
      .where(mine(clicks)),
    db
      .select({ email: customers.email, source: customers.source, boundAt: customers.boundAt })
      .from(customers)
      .where(and(eq(customers.shopId, shopId), eq(customers.referrerPartnerId, partner.id)))
      .orderBy(desc(customers.boundAt))
      .limit(RECENT),
    db.select({ n: count() }).from(customers).where(and(eq(customers.shopId, shopId), eq(customers.referrerPartnerId, partner.id))),
    db
      .select({
        currency: transactions.currency,
        amount: sql<string>`sum(case when ${transactions.type} = 'refund' then -${transactions.amount} else ${transactions.amount} end)`,
        orders: sql<string>`count(*) filter (where ${transactions.type} <> 'refund')`,
      })
      .from(transactions)
      .where(mine(transactions))
      .groupBy(transactions.currency)
      .orderBy(transactions.currency),
    db
      .select({ status: commissions.status, currency: commissions.currency, amount: sum(commissions.amount), n: count() })
      .from(commissions)
      .where(and(mine(commissions), eq(commissions.kind, "commission")))
      .groupBy(commissions.status, commissions.currency)
      .orderBy(commissions.currency, commissions.status),
    db
      .select({ amount: payouts.amount, currency: payouts.currency, status: payouts.status, method: payouts.method, paidAt: payouts.paidAt, createdAt: payouts.createdAt })
      .from(payouts)
      .where(mine(payouts))
      .orderBy(desc(payouts.createdAt))
      .limit(RECENT),
    partnerBalances(db, shopId, partner.id),
    program.leadSubmission
      ? db
          .select({ email: leads.email, status: leads.status, createdAt: leads.createdAt })
          .from(leads)
          .where(and(eq(leads.shopId, shopId), eq(leads.partnerId, partner.id)))
          .orderBy(desc(leads.createdAt))
          .limit(RECENT)
      : Promise.resolve([]),
    listProgramCreatives(db, shopId, program.id),
  ]);

  return {
    partner: { key: partner.key, name: partner.name, email: partner.email, status: partner.status, payoutMethod: partner.payoutMethod, payoutDetails: partner.payoutDetails },
    program: { id: program.id, name: program.name, cookieDays: program.cookieDays, leadSubmission: program.leadSubmission },
    links: linkRows.map((link) => ({ key: link.key, label: link.label, urls: referralLinkUrls(shop!, program, link.key) })),
    coupons: couponRows.map((c) => c.code),
    clicks: { total: clickCounts[0]?.total ?? 0, last30Days: Number(clickCounts[0]?.recent ?? 0) },
    customers: { total: referredCount[0]?.n ?? 0, recent: referred.map((c) => ({ email: maskEmail(c.email), source: c.source, boundAt: c.boundAt })) },
    revenue: revenue.map((r) => ({ currency: r.currency, amount: Number(r.amount), orders: Number(r.orders) })),
    commissions: byStatus.map((c) => ({ status: c.status, currency: c.currency, amount: Number(c.amount ?? 0), count: c.n })),
    payouts: payoutRows,
    balances,
    leads: leadRows,
    shopDomain: shop!.domain,
    /** The query parameter creatives' links carry the key in: the program's first. */
    linkParam: program.linkParams[0] ?? "ref",
    creatives: creativeRows.map((c) => ({ id: c.id, name: c.name, altText: c.altText, linkPath: c.linkPath, width: c.width, height: c.height })),
  };
}

export type PartnerDashboard = Awaited<ReturnType<typeof partnerDashboard>>;
