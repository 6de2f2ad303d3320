import { Readable } from "node:stream";
import { z } from "zod";
import { payoutExportFormats } from "../../domain/payouts/payout-export-formats";
import { streamPayoutExport } from "../../domain/payouts/stream-payout-export";
import { apiRoute } from "../api/handler.server";
import { readQuery } from "../api/parse.server";

const exportQuery = z.object({ format: z.enum(payoutExportFormats) }).strict();

/** The batch as a CSV file, streamed row by row (constant memory whatever the batch size). */
export const { loader, action } = apiRoute({
  async GET({ db, shopId, params, url }) {
    const { format } = readQuery(url, exportQuery);
    const stream = await streamPayoutExport(db, shopId, params.id!, format);
    return new Response(Readable.toWeb(stream) as ReadableStream, {
      status: 200,
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="payout-batch-${params.id}-${format}.csv"`,
      },
    });
  },
});
