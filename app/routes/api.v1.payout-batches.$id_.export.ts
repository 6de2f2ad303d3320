import { z } from "zod";
import { payoutExportFormats } from "../../domain/payouts/payout-export-formats";
import { streamPayoutExport } from "../../domain/payouts/stream-payout-export";
import { apiRoute } from "../api/handler.server";
import { payoutExportResponse } from "../api/payout-export-response.server";
import { readQuery } from "../api/parse.server";

const exportQuery = z.object({ format: z.enum(payoutExportFormats) }).strict();

/** The batch as a CSV file, streamed row by row (constant memory whatever the batch size). */
export const { loader, action } = apiRoute({
  async GET({ db, shopId, params, url }) {
    const { format } = readQuery(url, exportQuery);
    const stream = await streamPayoutExport(db, shopId, params.id!, format);
    return payoutExportResponse(stream, params.id!, format);
  },
});
