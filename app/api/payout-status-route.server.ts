import { z } from "zod";
import type { markPayoutPaid } from "../../domain/payouts/mark-payout-paid";
import { findPayoutBatchOrThrow } from "../../domain/payouts/find-payout-batch-or-throw";
import { apiRoute, ok } from "./handler.server";
import { readBody } from "./parse.server";
import { payoutJson } from "./payout-serializers.server";

const body = z.object({ reference: z.string().trim().min(1).max(200).optional() }).strict();

/** POST .../payouts/:payoutId/mark-paid|mark-failed: one payout of the batch, idempotent; `changed` says whether it moved. */
export function payoutStatusRoute(mark: typeof markPayoutPaid) {
  return apiRoute({
    async POST({ db, shopId, params, request }) {
      const { reference } = await readBody(request, body);
      const batch = await findPayoutBatchOrThrow(db, shopId, params.id!);
      const { payout, changed } = await mark(db, shopId, params.payoutId!, { batchId: batch.id, reference });
      return ok({ ...payoutJson(payout), changed });
    },
  });
}
