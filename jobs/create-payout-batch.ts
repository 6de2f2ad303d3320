import { z } from "zod";
import { createPayoutBatch } from "../domain/payouts/create-payout-batch";
import { defineJob } from "./definition";

/**
 * Creates a payout batch in the background, reporting `{done,total}` partners as it goes; its result names the
 * batch (null when nobody was payable). Read through GET /api/v1/payout-batches/jobs/:id.
 */
export const createPayoutBatchJob = defineJob({
  name: "create-payout-batch",
  queue: "payouts",
  payload: z.object({ shopId: z.uuid(), currency: z.string().regex(/^[A-Z]{3}$/) }).strict(),
  async handle({ shopId, currency }, { db, reportProgress }) {
    let last = 0;
    const created = await createPayoutBatch(db, shopId, currency, async (done, total) => {
      if (done === total || Date.now() - last > 250) {
        last = Date.now();
        await reportProgress?.({ done, total });
      }
    });
    return { batchId: created?.batch.id ?? null, payouts: created?.payouts.length ?? 0 };
  },
});
