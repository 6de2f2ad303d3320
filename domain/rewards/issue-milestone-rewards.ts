import { and, eq, sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import { rowsOf } from "../../db/rows";
import { partners, programs, rewards } from "../../db/schema/index";
import { deliverReward } from "./deliver-reward";
import type { RewardIssuer } from "./reward-issuer";
import type { Reward } from "../../db/schema/rows";

type Reached = { shop_id: string; shop_domain: string; program_id: string; partner_id: string; confirmed: number };

/**
 * Fulfils newsletter milestones (e.g. 3 confirmed referrals -> code A, 10 -> code B): each milestone a
 * subscriber reaches is claimed once (unique per program, subscriber and milestone) before the store is called,
 * so concurrent runs and repeated confirmations never issue it twice. Safe to run any number of times.
 */
export async function issueMilestoneRewards(db: Database, issuerFor: (shopDomain: string) => Promise<RewardIssuer>): Promise<Reward[]> {
  const result = await db.execute(sql`
    select s.shop_id, sh.domain as shop_domain, s.program_id, s.referrer_partner_id as partner_id, count(*)::int as confirmed
    from newsletter_subscriptions s
    join programs pr on pr.id = s.program_id and pr.type = 'newsletter' and jsonb_array_length(pr.milestones) > 0
    join shops sh on sh.id = s.shop_id and sh.uninstalled_at is null
    where s.confirmed_at is not null and s.referrer_partner_id is not null
    group by s.shop_id, sh.domain, s.program_id, s.referrer_partner_id`);
  const delivered: Reward[] = [];
  const issuers = new Map<string, RewardIssuer | null>();
  for (const reached of rowsOf<Reached>(result)) {
    const [program] = await db.select().from(programs).where(and(eq(programs.shopId, reached.shop_id), eq(programs.id, reached.program_id)));
    const due = program!.milestones.filter((m) => m.referredCount <= Number(reached.confirmed));
    if (due.length === 0) continue;
    const claimed = await db
      .select({ milestone: rewards.milestone })
      .from(rewards)
      .where(and(eq(rewards.programId, program!.id), eq(rewards.partnerId, reached.partner_id)));
    const open = due.filter((m) => !claimed.some((c) => c.milestone === m.referredCount));
    if (open.length === 0) continue;
    if (!issuers.has(reached.shop_domain)) issuers.set(reached.shop_domain, await issuerFor(reached.shop_domain).catch(() => null));
    const issuer = issuers.get(reached.shop_domain);
    if (!issuer) continue;
    const [partner] = await db.select().from(partners).where(and(eq(partners.shopId, reached.shop_id), eq(partners.id, reached.partner_id)));
    for (const milestone of open) {
      const [reward] = await db
        .insert(rewards)
        .values({ shopId: reached.shop_id, programId: program!.id, partnerId: reached.partner_id, milestone: milestone.referredCount, spec: milestone.reward })
        .onConflictDoNothing()
        .returning();
      if (reward) delivered.push(await deliverReward(db, reward, partner!, program!, issuer));
    }
  }
  return delivered;
}
