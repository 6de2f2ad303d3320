import { createPayoutBatchJob } from "../../jobs/create-payout-batch";
import { currentProducerOrThrow } from "../../jobs/current";
import { payStoreCreditBatchJob } from "../../jobs/pay-store-credit-batch";
import { notFound } from "../../domain/shared/errors";

const kinds = [createPayoutBatchJob.name, payStoreCreditBatchJob.name];

export interface PayoutJobStatus {
  id: string;
  type: string;
  state: string;
  progress: { done: number; total: number } | null;
  batchId: string | null;
  result: Record<string, unknown> | null;
  error: string | null;
}

/** A payouts job of the shop (404 for another shop's or another kind of job). */
export async function readPayoutJob(shopId: string, jobId: string): Promise<PayoutJobStatus> {
  const queue = currentProducerOrThrow().queue(createPayoutBatchJob.queue);
  // State first: a job read before it completes would show "completed" with no result.
  const state = await queue.getJobState(jobId);
  const job = await queue.getJob(jobId);
  if (!job || !kinds.includes(job.name) || job.data?.shopId !== shopId) throw notFound("job", "id");
  const result = (job.returnvalue ?? null) as ({ batchId: string | null } & Record<string, unknown>) | null;
  const { batchId, ...rest } = result ?? { batchId: null };
  return {
    id: job.id!,
    type: job.name,
    state,
    progress: typeof job.progress === "object" ? (job.progress as { done: number; total: number }) : null,
    batchId: batchId ?? null,
    result: result ? rest : null,
    error: job.failedReason ?? null,
  };
}
