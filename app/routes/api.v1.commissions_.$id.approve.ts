import { approveCommission } from "../../domain/commissions/review-commission";
import { apiRoute, ok } from "../api/handler.server";
import { commissionJson } from "../api/serializers.server";

export const { loader, action } = apiRoute({
  async POST({ db, shopId, params }) {
    return ok(commissionJson(await approveCommission(db, shopId, params.id!)));
  },
});
