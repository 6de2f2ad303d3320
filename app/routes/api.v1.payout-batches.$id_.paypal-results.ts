import { Readable } from "node:stream";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import { applyPaypalResults } from "../../domain/payouts/apply-paypal-results";
import { ApiError } from "../api/errors.server";
import { apiRoute, ok } from "../api/handler.server";

/** Upload PayPal's result file (the CSV as the request body): marks each payout paid or failed. Idempotent. */
export const { loader, action } = apiRoute({
  async POST({ db, shopId, params, request }) {
    if (!request.body) throw new ApiError(400, "validation_error", "send the PayPal result file (CSV) as the body", "file");
    const summary = await applyPaypalResults(db, shopId, params.id!, Readable.fromWeb(request.body as unknown as NodeReadableStream));
    return ok(summary);
  },
});
