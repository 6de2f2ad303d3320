import { findPayoutBatchOrThrow } from "../../domain/payouts/find-payout-batch-or-throw";
import { payStoreCreditBatchJob } from "../../jobs/pay-store-credit-batch";
import { enqueuePayoutJob } from "../api/enqueue-payout-job.server";
import { apiRoute } from "../api/handler.server";

/** Pays the batch's store-credit payouts through Shopify in the background: 202 with the job to poll. */
export const { loader, action } = apiRoute({
  async POST({ db, shopId, params }) {
    const batch = await findPayoutBatchOrThrow(db, shopId, params.id!);
    return enqueuePayoutJob(payStoreCreditBatchJob, { shopId, batchId: batch.id }, "");
  },
});
