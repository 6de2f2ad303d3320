import { apiRoute, ok } from "../api/handler.server";
import { readPayoutJob } from "../api/read-payout-job.server";

/**
 * A payouts job of the key's shop: `type`, `state` waiting|active|completed|failed, `progress` {done,total},
 * then `batch_id` and `result` (what the job returned), or `error`.
 */
export const { loader, action } = apiRoute({
  async GET({ shopId, params }) {
    const job = await readPayoutJob(shopId, params.jobId!);
    return ok({ id: job.id, type: job.type, state: job.state, progress: job.progress, batch_id: job.batchId, result: job.result, error: job.error });
  },
});
