import { and, eq, sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import { rowsOf } from "../../db/rows";
import { partners, programs, rewards } from "../../db/schema/index";
import { deliverReward } from "./deliver-reward";
import type { RewardIssuer } from "./reward-issuer";
import type { Reward } from "../../db/schema/rows";

type Due = { shop_id: string; shop_domain: string; program_id: string; partner_id: string; customer_id: string; transaction_id: string };

/**
 * Friends' first paid orders credited to a referrer of a referral program that have no reward yet. Only the
 * friend's first sale counts: an order after one bought without the referral earns nothing. The reward is due
 * when that order's commission would be approved: past the program's hold period (or its commission approved
 * early by the merchant), of a non-zero amount, not refunded in full and not rejected. Test orders are never
 * credited, so never rewarded.
 */
async function dueReferralRewards(db: Database, limit: number, now: Date): Promise<Due[]> {
  const result = await db.execute(sql`
    select t.shop_id, s.domain as shop_domain, pr.id as program_id, t.partner_id, t.customer_id, t.id as transaction_id
    from transactions t
    join partners p on p.id = t.partner_id and p.shop_id = t.shop_id
    join programs pr on pr.id = p.program_id and pr.shop_id = t.shop_id and pr.type = 'referral' and pr.referrer_reward is not null
    join shops s on s.id = t.shop_id and s.uninstalled_at is null
    where t.type = 'sale' and t.customer_id is not null and (t.attribution ->> 'attributed') = 'true' and t.amount > 0
      and (t.occurred_at + make_interval(days => pr.hold_days) <= ${now.toISOString()}::timestamptz
        or exists (select 1 from commissions c where c.shop_id = t.shop_id and c.transaction_id = t.id and c.kind = 'commission' and c.approved_at is not null))
      and not exists (select 1 from commissions c where c.shop_id = t.shop_id and c.transaction_id = t.id and c.kind = 'commission' and c.status = 'rejected')
      and coalesce((select sum(r.amount) from transactions r where r.shop_id = t.shop_id and r.refunds_transaction_id = t.id and r.type = 'refund'), 0) < t.amount
      and not exists (select 1 from rewards r where r.program_id = pr.id and r.referred_customer_id = t.customer_id)
      and not exists (
        select 1 from transactions e
        where e.shop_id = t.shop_id and e.customer_id = t.customer_id and e.type = 'sale'
          and (e.occurred_at < t.occurred_at or (e.occurred_at = t.occurred_at and e.id < t.id)))
    order by t.occurred_at
    limit ${limit}`);
  return rowsOf<Due>(result);
}

/**
 * Rewards referrers for their friends' first paid orders once their commission would be approved, as each program's referrer_reward says (a discount
 * code, store credit, or the cash commission its rule already earned). Each friend rewards once: the reward row
 * is claimed by a unique index before the store is called, so concurrent runs and duplicate webhooks cannot
 * issue it twice. Safe to run any number of times.
 */
export async function issueReferralRewards(
  db: Database,
  issuerFor: (shopDomain: string) => Promise<RewardIssuer>,
  limit = 100,
  now = new Date(),
): Promise<Reward[]> {
  const delivered: Reward[] = [];
  const issuers = new Map<string, RewardIssuer | null>();
  for (const due of await dueReferralRewards(db, limit, now)) {
    if (!issuers.has(due.shop_domain)) issuers.set(due.shop_domain, await issuerFor(due.shop_domain).catch(() => null));
    const issuer = issuers.get(due.shop_domain);
    if (!issuer) continue; // not installed: the reward waits, unclaimed
    const [program] = await db.select().from(programs).where(and(eq(programs.shopId, due.shop_id), eq(programs.id, due.program_id)));
    const [partner] = await db.select().from(partners).where(and(eq(partners.shopId, due.shop_id), eq(partners.id, due.partner_id)));
    const [claimed] = await db
      .insert(rewards)
      .values({
        shopId: due.shop_id,
        programId: due.program_id,
        partnerId: due.partner_id,
        referredCustomerId: due.customer_id,
        transactionId: due.transaction_id,
        spec: program!.referrerReward!,
      })
      .onConflictDoNothing()
      .returning();
    if (claimed) delivered.push(await deliverReward(db, claimed, partner!, program!, issuer));
  }
  return delivered;
}
