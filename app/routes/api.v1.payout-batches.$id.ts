import { findPayoutBatchOrThrow } from "../../domain/payouts/find-payout-batch-or-throw";
import { apiRoute, ok } from "../api/handler.server";
import { payoutBatchJson } from "../api/payout-serializers.server";

export const { loader, action } = apiRoute({
  async GET({ db, shopId, params }) {
    return ok(payoutBatchJson(await findPayoutBatchOrThrow(db, shopId, params.id!)));
  },
});
