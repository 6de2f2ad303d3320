import { randomUUID } from "node:crypto";
import { createPayoutBatchJob } from "../../jobs/create-payout-batch";
import { currentProducerOrThrow } from "../../jobs/current";
import { ApiError } from "../api/errors.server";
import { apiRoute } from "../api/handler.server";
import { readBody } from "../api/parse.server";
import { batchCurrency, createBatchBody } from "../api/payout-batch-currency.server";

/** Creates a batch in the background (large programs): 202 with the job to poll; 503 when the queue is down. */
export const { loader, action } = apiRoute({
  async POST({ db, shopId, request }) {
    const currency = await batchCurrency(db, shopId, (await readBody(request, createBatchBody)).currency);
    const id = `payout-batch-${randomUUID()}`;
    try {
      await currentProducerOrThrow().enqueue(createPayoutBatchJob, { shopId, currency }, { jobId: id, removeOnComplete: { age: 86_400 } });
    } catch {
      throw new ApiError(503, "queue_unavailable", "the job queue is unreachable; try again, or create the batch with POST /api/v1/payout-batches");
    }
    return Response.json({ id, state: "waiting", progress: null, batch_id: null }, { status: 202 });
  },
});
