import { createPayoutBatchJob } from "../../jobs/create-payout-batch";
import { enqueuePayoutJob } from "../api/enqueue-payout-job.server";
import { apiRoute } from "../api/handler.server";
import { readBody } from "../api/parse.server";
import { batchCurrency, createBatchBody } from "../api/payout-batch-currency.server";

/** Creates a batch in the background (large programs): 202 with the job to poll. */
export const { loader, action } = apiRoute({
  async POST({ db, shopId, request }) {
    const currency = await batchCurrency(db, shopId, (await readBody(request, createBatchBody)).currency);
    return enqueuePayoutJob(createPayoutBatchJob, { shopId, currency }, ", or create the batch with POST /api/v1/payout-batches");
  },
});
