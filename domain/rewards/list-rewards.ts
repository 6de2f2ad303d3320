import { and, desc, eq, type SQL } from "drizzle-orm";
import type { Database } from "../../db/client";
import { customers, partners, programs, rewards } from "../../db/schema/index";
import { pageOf, type PageRequest } from "../shared/page";

export const REWARD_STATUSES = ["issuing", "issued", "failed"] as const;
export type RewardStatus = (typeof REWARD_STATUSES)[number];

/** The shop's referral and milestone rewards, newest first, with who received them and what earned them. */
export async function listRewards(db: Database, shopId: string, filter: { status?: RewardStatus }, page: PageRequest) {
  const conditions: SQL[] = [eq(rewards.shopId, shopId)];
  if (filter.status) conditions.push(eq(rewards.status, filter.status));
  const rows = await db
    .select({
      reward: rewards,
      program: { id: programs.id, name: programs.name, type: programs.type, currency: programs.currency },
      partner: { id: partners.id, key: partners.key, name: partners.name, email: partners.email },
      friendEmail: customers.email,
    })
    .from(rewards)
    .innerJoin(programs, and(eq(programs.id, rewards.programId), eq(programs.shopId, shopId)))
    .innerJoin(partners, and(eq(partners.id, rewards.partnerId), eq(partners.shopId, shopId)))
    .leftJoin(customers, and(eq(customers.id, rewards.referredCustomerId), eq(customers.shopId, shopId)))
    .where(and(...conditions))
    .orderBy(desc(rewards.createdAt), desc(rewards.id))
    .limit(page.limit + 1)
    .offset(page.offset);
  return pageOf(rows, page);
}
