import { z } from "zod";
import { rewardIssuerForShop } from "../connectors/shopify/admin-graphql";
import { issueMilestoneRewards } from "../domain/rewards/issue-milestone-rewards";
import { issueReferralRewards } from "../domain/rewards/issue-referral-rewards";
import { defineJob } from "./definition";

/** Rewards referrers whose friends' first orders were paid and newsletter milestones reached (all shops), through each shop's Admin API. */
export const issueRewardsJob = defineJob({
  name: "issue-rewards",
  queue: "commissions",
  payload: z.object({}).strict(),
  async handle(_payload, { db, shopifyAdmin, log }) {
    const issuerFor = (shop: string) => rewardIssuerForShop(shopifyAdmin, shop);
    const delivered = [...(await issueReferralRewards(db, issuerFor)), ...(await issueMilestoneRewards(db, issuerFor))];
    if (delivered.length > 0) log(`delivered ${delivered.filter((r) => r.status === "issued").length} of ${delivered.length} rewards`);
    return { delivered: delivered.length };
  },
});
