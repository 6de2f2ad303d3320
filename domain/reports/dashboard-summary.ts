import { sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import { rowsOf } from "../../db/rows";

export interface Period {
  from: Date;
  to: Date;
}

export interface DashboardSummary {
  clicks: number;
  referredCustomers: number;
  /** Per currency: referred revenue (sales and renewals credited to a partner) and commissions by status. */
  money: Array<{ currency: string; revenue: number; pending: number; approved: number; paid: number; reversed: number }>;
  /** One point a day (UTC) over the period; money in seriesCurrency (the currency with the most referred revenue). */
  series: Array<{ day: string; clicks: number; revenue: number; commissions: number }>;
  seriesCurrency: string | null;
  topPartners: Array<{ id: string; name: string | null; key: string; currency: string; revenue: number; orders: number }>;
  attention: Array<{ id: string; topic: string; provider: string; lastError: string | null; receivedAt: Date; abandoned: boolean }>;
}

const num = (v: unknown) => Number(v ?? 0);

/** The dashboard's numbers for one shop and period, computed from rows on every call. */
export async function dashboardSummary(db: Database, shopId: string, period: Period): Promise<DashboardSummary> {
  const { from, to } = period;
  const [counts] = rowsOf<{ clicks: string; customers: string }>(
    await db.execute(sql`select
      (select count(*) from clicks where shop_id = ${shopId} and clicked_at >= ${from} and clicked_at < ${to}) as clicks,
      (select count(*) from customers where shop_id = ${shopId} and referrer_partner_id is not null and bound_at >= ${from} and bound_at < ${to}) as customers`),
  );
  const revenue = rowsOf<{ currency: string; revenue: string }>(
    await db.execute(sql`select currency, sum(amount) as revenue from transactions
      where shop_id = ${shopId} and partner_id is not null and type in ('sale','renewal') and occurred_at >= ${from} and occurred_at < ${to}
      group by currency`),
  );
  const commissionSums = rowsOf<{ currency: string; status: string; kind: string; total: string }>(
    await db.execute(sql`select c.currency, c.status, c.kind, sum(c.amount) as total from commissions c
      join transactions t on t.id = c.transaction_id
      where c.shop_id = ${shopId} and t.occurred_at >= ${from} and t.occurred_at < ${to}
      group by 1, 2, 3`),
  );
  const currencies = [...new Set([...revenue.map((r) => r.currency), ...commissionSums.map((r) => r.currency)])].sort();
  const money = currencies.map((currency) => {
    const of = (status: string, kind = "commission") =>
      num(commissionSums.find((r) => r.currency === currency && r.status === status && r.kind === kind)?.total);
    return {
      currency,
      revenue: num(revenue.find((r) => r.currency === currency)?.revenue),
      pending: of("pending"),
      approved: of("approved"),
      paid: of("paid"),
      reversed: of("reversed", "reversal"),
    };
  });
  const seriesCurrency = [...money].sort((x, y) => y.revenue - x.revenue)[0]?.currency ?? null;
  const series = rowsOf<{ day: string; clicks: string; revenue: string; commissions: string }>(
    await db.execute(sql`with days as (
        select generate_series(date_trunc('day', ${from}::timestamptz at time zone 'UTC'), ${to}::timestamptz at time zone 'UTC' - interval '1 second', interval '1 day') as day
      )
      select to_char(d.day, 'YYYY-MM-DD') as day,
        (select count(*) from clicks where shop_id = ${shopId} and clicked_at at time zone 'UTC' >= d.day and clicked_at at time zone 'UTC' < d.day + interval '1 day') as clicks,
        (select coalesce(sum(amount), 0) from transactions where shop_id = ${shopId} and partner_id is not null and type in ('sale','renewal')
           and currency = ${seriesCurrency} and occurred_at at time zone 'UTC' >= d.day and occurred_at at time zone 'UTC' < d.day + interval '1 day') as revenue,
        (select coalesce(sum(c.amount), 0) from commissions c join transactions t on t.id = c.transaction_id where c.shop_id = ${shopId} and c.kind = 'commission'
           and c.currency = ${seriesCurrency} and t.occurred_at at time zone 'UTC' >= d.day and t.occurred_at at time zone 'UTC' < d.day + interval '1 day') as commissions
      from days d order by d.day`),
  );
  const topPartners = rowsOf<{ id: string; name: string | null; key: string; currency: string; revenue: string; orders: string }>(
    await db.execute(sql`select p.id, p.name, p.key, t.currency, sum(t.amount) as revenue, count(*) as orders
      from transactions t join partners p on p.id = t.partner_id and p.shop_id = t.shop_id
      where t.shop_id = ${shopId} and t.type in ('sale','renewal') and t.occurred_at >= ${from} and t.occurred_at < ${to}
      group by p.id, p.name, p.key, t.currency order by revenue desc limit 5`),
  );
  const attention = rowsOf<{ id: string; topic: string; provider: string; last_error: string | null; received_at: string | Date; abandoned_at: unknown }>(
    await db.execute(sql`select id, topic, provider, last_error, received_at, abandoned_at from inbound_events
      where shop_id = ${shopId} and (abandoned_at is not null or (processed_at is null and (last_error is not null or received_at < now() - interval '2 minutes')))
      order by received_at desc limit 5`),
  );
  return {
    clicks: num(counts?.clicks),
    referredCustomers: num(counts?.customers),
    money,
    series: series.map((s) => ({ day: s.day, clicks: num(s.clicks), revenue: num(s.revenue), commissions: num(s.commissions) })),
    seriesCurrency,
    topPartners: topPartners.map((p) => ({ ...p, revenue: num(p.revenue), orders: num(p.orders) })),
    attention: attention.map((a) => ({
      id: a.id,
      topic: a.topic,
      provider: a.provider,
      lastError: a.last_error,
      receivedAt: new Date(a.received_at),
      abandoned: a.abandoned_at !== null,
    })),
  };
}
