import { currentProducerOrThrow } from "../../jobs/current";
import { issueRewardsJob } from "../../jobs/issue-rewards";

/** Runs the issue-rewards job now; false when Redis is down (its schedule runs it within a minute anyway). */
export async function enqueueIssueRewards(): Promise<boolean> {
  try {
    await currentProducerOrThrow().enqueue(issueRewardsJob, {});
    return true;
  } catch (error) {
    console.error(`[rewards] could not enqueue issue-rewards (${(error as Error).message}); the schedule runs it`);
    return false;
  }
}
