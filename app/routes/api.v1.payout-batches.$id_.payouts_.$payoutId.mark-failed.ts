import { markPayoutFailed } from "../../domain/payouts/mark-payout-failed";
import { payoutStatusRoute } from "../api/payout-status-route.server";

export const { loader, action } = payoutStatusRoute(markPayoutFailed);
