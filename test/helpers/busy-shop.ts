import { sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import { rowsOf } from "../../db/rows";
import { createProgram } from "../../domain/programs/create-program";
import { createShop } from "../../domain/shops/create-shop";
import { basicProgram } from "./domain-fixture";

export interface BusyShopSize {
  partners: number;
  clicks: number;
  orders: number;
  /** Days back over which clicks, customers and orders are spread. */
  days: number;
}

/**
 * One shop with a year of traffic, written with set-based SQL (the use-cases would take hours at this size):
 * partners with a link each, clicks, one referred customer per order, sales with their commissions (pending, approved
 * or paid by age), a refund with its reversal on every 20th order, and one paid payout per partner.
 */
export async function seedBusyShop(db: Database, size: BusyShopSize) {
  const shop = await createShop(db, { domain: `busy-${Date.now().toString(36)}.myshopify.com` });
  const { program } = await createProgram(db, shop.id, basicProgram);
  const s = shop.id;
  const span = sql.raw(`interval '${size.days} days'`);
  await db.execute(sql`
    insert into partners (shop_id, program_id, email, email_normalized, name, status, key, payout_method, payout_details, created_at)
    select ${s}, ${program.id}, 'p' || g || '@example.com', 'p' || g || '@example.com', 'Partner ' || g, 'active', 'P' || g, 'paypal', '{}'::jsonb,
           now() - ${span} - interval '1 day'
    from generate_series(1, ${size.partners}) g`);
  await db.execute(sql`insert into links (shop_id, partner_id, key, created_at) select shop_id, id, key, created_at from partners where shop_id = ${s}`);
  // Partner number n (1-based, by key) of row g: a deterministic spread with some partners much busier than others.
  const partnerIds = sql`(select array_agg(id order by id) from partners where shop_id = ${s})`;
  await db.execute(sql`
    insert into clicks (shop_id, program_id, partner_id, link_id, landing_url, visitor_id, ip_hash, user_agent_hash, clicked_at)
    select ${s}, ${program.id}, l.partner_id, l.id, 'https://shop.example/?ref=' || l.key, 'v' || g, md5(g::text), md5((g % 97)::text),
           now() - ${span} * ((g * 7919) % ${size.clicks})::float8 / ${size.clicks}
    from generate_series(1::bigint, ${size.clicks}::bigint) g
    join links l on l.partner_id = (${partnerIds})[1 + floor(power(((g * 104729) % 1000003)::float8 / 1000003, 2) * ${size.partners})::int]
      and l.shop_id = ${s}`);
  await db.execute(sql`
    insert into customers (shop_id, program_id, key, email, email_normalized, referrer_partner_id, source, bound_at, created_at)
    select ${s}, ${program.id}, 'c' || g, 'c' || g || '@example.com', 'c' || g || '@example.com',
           (${partnerIds})[1 + floor(power(((g * 104729) % 1000003)::float8 / 1000003, 2) * ${size.partners})::int],
           'link', now() - ${span} * ((g * 7919) % ${size.orders})::float8 / ${size.orders}, now() - ${span} * ((g * 7919) % ${size.orders})::float8 / ${size.orders}
    from generate_series(1::bigint, ${size.orders}::bigint) g`);
  await db.execute(sql`
    insert into transactions (shop_id, program_id, customer_id, partner_id, provider, external_id, type, amount, currency, occurred_at, attribution)
    select shop_id, program_id, id, referrer_partner_id, 'shopify', 'order-' || key, 'sale', 1000 + (abs(hashtext(key)) % 20000), 'USD', bound_at,
           jsonb_build_object('partnerId', referrer_partner_id, 'source', 'link')
    from customers where shop_id = ${s}`);
  await db.execute(sql`
    insert into commissions (shop_id, program_id, partner_id, transaction_id, rule_snapshot, kind, amount, currency, status, hold_until, approved_at, paid_at, created_at)
    select shop_id, program_id, partner_id, id, '{}'::jsonb, 'commission', amount / 10, currency,
           (case when occurred_at > now() - interval '30 days' then 'pending' when occurred_at > now() - interval '90 days' then 'approved' else 'paid' end)::commission_status,
           occurred_at + interval '30 days',
           case when occurred_at <= now() - interval '30 days' then occurred_at + interval '30 days' end,
           case when occurred_at <= now() - interval '90 days' then occurred_at + interval '60 days' end,
           occurred_at
    from transactions where shop_id = ${s} and type = 'sale'`);
  await db.execute(sql`
    insert into transactions (shop_id, program_id, customer_id, partner_id, provider, external_id, type, amount, currency, occurred_at, refunds_transaction_id)
    select shop_id, program_id, customer_id, partner_id, provider, external_id || '-refund', 'refund', amount / 2, currency, occurred_at + interval '2 days', id
    from transactions where shop_id = ${s} and type = 'sale' and abs(hashtext(external_id)) % 20 = 0`);
  await db.execute(sql`
    insert into commissions (shop_id, program_id, partner_id, transaction_id, rule_snapshot, kind, reverses_commission_id, amount, currency, status, created_at)
    select c.shop_id, c.program_id, c.partner_id, r.id, '{}'::jsonb, 'reversal', c.id, c.amount / 2, c.currency, 'approved', r.occurred_at
    from transactions r join commissions c on c.transaction_id = r.refunds_transaction_id and c.kind = 'commission'
    where r.shop_id = ${s} and r.type = 'refund'`);
  await db.execute(sql`
    with batch as (insert into payout_batches (shop_id, currency, status, paid_at) values (${s}, 'USD', 'paid', now() - interval '60 days') returning id)
    insert into payouts (shop_id, batch_id, partner_id, amount, currency, method, status, paid_at)
    select c.shop_id, (select id from batch), c.partner_id, sum(c.amount), 'USD', 'paypal', 'paid', now() - interval '60 days'
    from commissions c where c.shop_id = ${s} and c.status = 'paid' group by c.shop_id, c.partner_id`);
  await db.execute(sql`vacuum analyze`); // as autovacuum would: index-only scans need the visibility map
  return { shop, program };
}

/** The partner with the most clicks: the worst case for per-partner pages. */
export async function busiestPartnerId(db: Database, shopId: string): Promise<string> {
  const rows = rowsOf<{ partner_id: string }>(
    await db.execute(sql`select partner_id from clicks where shop_id = ${shopId} group by partner_id order by count(*) desc limit 1`),
  );
  return rows[0]!.partner_id;
}
