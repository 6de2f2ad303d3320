import { createPayoutBatchJob } from "../../jobs/create-payout-batch";
import { currentProducerOrThrow } from "../../jobs/current";
import { payStoreCreditBatchJob } from "../../jobs/pay-store-credit-batch";
import { notFound } from "../../domain/shared/errors";
import { apiRoute, ok } from "../api/handler.server";

const kinds = [createPayoutBatchJob.name, payStoreCreditBatchJob.name];

/**
 * A payouts job of the key's shop: `type`, `state` waiting|active|completed|failed, `progress` {done,total},
 * then `batch_id` and `result` (what the job returned), or `error`.
 */
export const { loader, action } = apiRoute({
  async GET({ shopId, params }) {
    const queue = currentProducerOrThrow().queue(createPayoutBatchJob.queue);
    // State first: a job read before it completes would show "completed" with no result.
    const state = await queue.getJobState(params.jobId!);
    const job = await queue.getJob(params.jobId!);
    if (!job || !kinds.includes(job.name) || job.data?.shopId !== shopId) throw notFound("job", "id");
    const result = (job.returnvalue ?? null) as ({ batchId: string | null } & Record<string, unknown>) | null;
    const { batchId, ...rest } = result ?? { batchId: null };
    return ok({
      id: job.id,
      type: job.name,
      state,
      progress: typeof job.progress === "object" ? job.progress : null,
      batch_id: batchId ?? null,
      result: result ? rest : null,
      error: job.failedReason ?? null,
    });
  },
});
