import { and, count, eq, isNotNull } from "drizzle-orm";
import type { Database } from "../../db/client";
import { newsletterSubscriptions, rewards } from "../../db/schema/index";
import type { Partner, Program } from "../../db/schema/rows";

/** What a subscriber sees on their page: confirmed referrals and each milestone, reached or not, with its code. */
export async function subscriberProgress(db: Database, program: Program, subscriber: Partner) {
  const [{ n }] = (await db
    .select({ n: count() })
    .from(newsletterSubscriptions)
    .where(
      and(
        eq(newsletterSubscriptions.shopId, program.shopId),
        eq(newsletterSubscriptions.referrerPartnerId, subscriber.id),
        isNotNull(newsletterSubscriptions.confirmedAt),
      ),
    )) as [{ n: number }];
  const given = await db
    .select({ milestone: rewards.milestone, status: rewards.status, code: rewards.code })
    .from(rewards)
    .where(and(eq(rewards.shopId, program.shopId), eq(rewards.partnerId, subscriber.id)));
  return {
    confirmedReferrals: n,
    milestones: [...program.milestones]
      .sort((a, b) => a.referredCount - b.referredCount)
      .map((m) => {
        const reward = given.find((g) => g.milestone === m.referredCount);
        return { referredCount: m.referredCount, reward: m.reward, reached: n >= m.referredCount, status: reward?.status ?? null, code: reward?.code ?? null };
      }),
  };
}
