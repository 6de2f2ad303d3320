import { createPayoutBatchJob } from "../../jobs/create-payout-batch";
import { currentProducerOrThrow } from "../../jobs/current";
import { notFound } from "../../domain/shared/errors";
import { apiRoute, ok } from "../api/handler.server";

/** A batch-creation job: `state` waiting|active|completed|failed, `progress` {done,total} partners, then `batch_id`. */
export const { loader, action } = apiRoute({
  async GET({ shopId, params }) {
    const job = await currentProducerOrThrow().queue(createPayoutBatchJob.queue).getJob(params.jobId!);
    if (!job || job.name !== createPayoutBatchJob.name || job.data?.shopId !== shopId) throw notFound("job", "id");
    const result = (job.returnvalue ?? null) as { batchId: string | null; payouts: number } | null;
    return ok({
      id: job.id,
      state: await job.getState(),
      progress: typeof job.progress === "object" ? job.progress : null,
      batch_id: result?.batchId ?? null,
      payouts: result?.payouts ?? null,
      error: job.failedReason ?? null,
    });
  },
});
