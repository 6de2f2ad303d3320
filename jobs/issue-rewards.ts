import { z } from "zod";
import { rewardIssuerForShop } from "../connectors/shopify/admin-graphql";
import { issueReferralRewards } from "../domain/rewards/issue-referral-rewards";
import { defineJob } from "./definition";

/** Rewards referrers whose friends' first orders were paid (all shops), through each shop's Admin API. */
export const issueRewardsJob = defineJob({
  name: "issue-rewards",
  queue: "commissions",
  payload: z.object({}).strict(),
  async handle(_payload, { db, log }) {
    const delivered = await issueReferralRewards(db, (shop) => rewardIssuerForShop(db, shop));
    if (delivered.length > 0) log(`delivered ${delivered.filter((r) => r.status === "issued").length} of ${delivered.length} referral rewards`);
    return { delivered: delivered.length };
  },
});
