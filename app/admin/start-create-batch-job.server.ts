import { createPayoutBatchJob } from "../../jobs/create-payout-batch";
import { startPayoutJob } from "../api/enqueue-payout-job.server";

/** The admin's "Create batch": the same background job as POST /api/v1/payout-batches/jobs; null when Redis is down. */
export const startCreateBatchJob = (shopId: string, currency: string) => startPayoutJob(createPayoutBatchJob, { shopId, currency });
