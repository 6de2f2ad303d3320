import { deletePayoutSchedule } from "../../domain/payouts/save-payout-schedule";
import { apiRoute } from "../api/handler.server";

export const { loader, action } = apiRoute({
  async DELETE({ db, shopId, params }) {
    await deletePayoutSchedule(db, shopId, params.currency!);
    return new Response(null, { status: 204 });
  },
});
