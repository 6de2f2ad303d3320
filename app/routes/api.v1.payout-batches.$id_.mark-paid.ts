import { z } from "zod";
import { markBatchPaid } from "../../domain/payouts/mark-batch-paid";
import { apiRoute, ok } from "../api/handler.server";
import { readBody } from "../api/parse.server";
import { payoutBatchJson } from "../api/payout-serializers.server";

/** Every pending payout of the batch becomes paid; calling it again changes nothing. */
export const { loader, action } = apiRoute({
  async POST({ db, shopId, params, request }) {
    await readBody(request, z.object({}).strict());
    const { batch, marked } = await markBatchPaid(db, shopId, params.id!);
    return ok({ ...payoutBatchJson(batch), marked });
  },
});
