import { sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import { rowsOf } from "../../db/rows";
import { addShopDays, shopDate, startOfShopDay } from "../shops/shop-time";

export interface Period {
  from: Date;
  to: Date;
  /** The shop's IANA time zone: the chart's days are its calendar days. UTC when absent. */
  timeZone?: string;
}

export interface DashboardSummary {
  clicks: number;
  referredCustomers: number;
  /** Per currency: referred revenue (sales and renewals credited to a partner) and commissions by status. */
  money: Array<{ currency: string; revenue: number; pending: number; approved: number; paid: number; reversed: number }>;
  /** One point a day (the shop's calendar days) over the period; money in seriesCurrency (the currency with the most referred revenue). */
  series: Array<{ day: string; clicks: number; revenue: number; commissions: number }>;
  seriesCurrency: string | null;
  topPartners: Array<{ id: string; name: string | null; key: string; currency: string; revenue: number; orders: number }>;
  attention: Array<{ id: string; topic: string; provider: string; lastError: string | null; receivedAt: Date; abandoned: boolean }>;
}

const num = (v: unknown) => Number(v ?? 0);

/**
 * The dashboard's numbers for one shop and period, computed from rows on every call. The queries are independent
 * and run at once (on PostgreSQL each on its own connection); each reads its table through a (shop, time) index.
 */
export async function dashboardSummary(db: Database, shopId: string, period: Period): Promise<DashboardSummary> {
  const { from, to } = period;
  const timeZone = period.timeZone ?? "UTC";
  // The chart's days are the shop's whole calendar days from the one `from` falls in.
  const dayFrom = startOfShopDay(from, timeZone);
  const aligned = dayFrom.getTime() === from.getTime();
  const [countRows, revenue, commissionSums, series, topPartners, attention] = await Promise.all([
    // A period of whole days (the dashboard's) takes its click total from the daily series: one scan of clicks, not two.
    db.execute(sql`select
      ${aligned ? sql`null` : sql`(select count(*) from clicks where shop_id = ${shopId} and clicked_at >= ${from} and clicked_at < ${to})`} as clicks,
      (select count(*) from customers where shop_id = ${shopId} and referrer_partner_id is not null and bound_at >= ${from} and bound_at < ${to}) as customers`),
    db.execute(sql`select currency, sum(amount) as revenue from transactions
      where shop_id = ${shopId} and partner_id is not null and type in ('sale','renewal') and occurred_at >= ${from} and occurred_at < ${to}
      group by currency`),
    db.execute(sql`select c.currency, c.status, c.kind, sum(c.amount) as total from commissions c
      join transactions t on t.id = c.transaction_id
      where c.shop_id = ${shopId} and t.shop_id = ${shopId} and t.occurred_at >= ${from} and t.occurred_at < ${to}
      group by 1, 2, 3`),
    // One grouped pass per table (every currency; the chart's is picked below), not one subquery per day. Days
    // without rows are filled in here: joining a generated day series made PostgreSQL overestimate the rows and
    // spend over a second compiling the plan (JIT).
    db.execute(sql`
      select 'clicks' as series, to_char(date_trunc('day', clicked_at at time zone ${timeZone}), 'YYYY-MM-DD') as day, null as currency, count(*) as n
      from clicks where shop_id = ${shopId} and clicked_at >= ${dayFrom} and clicked_at < ${to} group by 2
      union all
      select 'revenue', to_char(date_trunc('day', occurred_at at time zone ${timeZone}), 'YYYY-MM-DD'), currency, sum(amount)
      from transactions
      where shop_id = ${shopId} and partner_id is not null and type in ('sale','renewal') and occurred_at >= ${dayFrom} and occurred_at < ${to}
      group by 2, 3
      union all
      select 'commissions', to_char(date_trunc('day', t.occurred_at at time zone ${timeZone}), 'YYYY-MM-DD'), c.currency, sum(c.amount)
      from commissions c join transactions t on t.id = c.transaction_id
      where c.shop_id = ${shopId} and t.shop_id = ${shopId} and c.kind = 'commission' and t.occurred_at >= ${dayFrom} and t.occurred_at < ${to}
      group by 2, 3`),
    db.execute(sql`select p.id, p.name, p.key, t.currency, sum(t.amount) as revenue, count(*) as orders
      from transactions t join partners p on p.id = t.partner_id and p.shop_id = t.shop_id
      where t.shop_id = ${shopId} and t.type in ('sale','renewal') and t.occurred_at >= ${from} and t.occurred_at < ${to}
      group by p.id, p.name, p.key, t.currency order by revenue desc limit 5`),
    db.execute(sql`select id, topic, provider, last_error, received_at, abandoned_at from inbound_events
      where shop_id = ${shopId} and (abandoned_at is not null or (processed_at is null and (last_error is not null or received_at < now() - interval '2 minutes')))
      order by received_at desc limit 5`),
  ]);
  const [counts] = rowsOf<{ clicks: string; customers: string }>(countRows);
  const revenueRows = rowsOf<{ currency: string; revenue: string }>(revenue);
  const commissionRows = rowsOf<{ currency: string; status: string; kind: string; total: string }>(commissionSums);
  const currencies = [...new Set([...revenueRows.map((r) => r.currency), ...commissionRows.map((r) => r.currency)])].sort();
  const money = currencies.map((currency) => {
    const of = (status: string, kind = "commission") =>
      num(commissionRows.find((r) => r.currency === currency && r.status === status && r.kind === kind)?.total);
    return {
      currency,
      revenue: num(revenueRows.find((r) => r.currency === currency)?.revenue),
      pending: of("pending"),
      approved: of("approved"),
      paid: of("paid"),
      reversed: of("reversed", "reversal"),
    };
  });
  const seriesCurrency = [...money].sort((x, y) => y.revenue - x.revenue)[0]?.currency ?? null;
  const days = new Map<string, { day: string; clicks: number; revenue: number; commissions: number }>();
  for (let day = dayFrom; day < to; day = addShopDays(day, 1, timeZone)) {
    const key = shopDate(day, timeZone);
    days.set(key, { day: key, clicks: 0, revenue: 0, commissions: 0 });
  }
  for (const row of rowsOf<{ series: "clicks" | "revenue" | "commissions"; day: string; currency: string | null; n: string }>(series)) {
    const point = days.get(row.day);
    if (point && (row.series === "clicks" || row.currency === seriesCurrency)) point[row.series] = num(row.n);
  }
  const partnerRows = rowsOf<{ id: string; name: string | null; key: string; currency: string; revenue: string; orders: string }>(topPartners);
  const attentionRows = rowsOf<{ id: string; topic: string; provider: string; last_error: string | null; received_at: string | Date; abandoned_at: unknown }>(attention);
  return {
    clicks: aligned ? [...days.values()].reduce((total, d) => total + d.clicks, 0) : num(counts?.clicks),
    referredCustomers: num(counts?.customers),
    money,
    series: [...days.values()],
    seriesCurrency,
    topPartners: partnerRows.map((p) => ({ ...p, revenue: num(p.revenue), orders: num(p.orders) })),
    attention: attentionRows.map((a) => ({
      id: a.id,
      topic: a.topic,
      provider: a.provider,
      lastError: a.last_error,
      receivedAt: new Date(a.received_at),
      abandoned: a.abandoned_at !== null,
    })),
  };
}
