import { markPayoutPaid } from "../../domain/payouts/mark-payout-paid";
import { payoutStatusRoute } from "../api/payout-status-route.server";

export const { loader, action } = payoutStatusRoute(markPayoutPaid);
