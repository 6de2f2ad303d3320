import { Readable } from "node:stream";
import type { PayoutExportFormat } from "../../domain/payouts/payout-export-formats";

/** A batch's CSV stream as a download (the API's export and the admin's links). */
export function payoutExportResponse(stream: Readable, batchId: string, format: PayoutExportFormat): Response {
  return new Response(Readable.toWeb(stream) as ReadableStream, {
    status: 200,
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="payout-batch-${batchId}-${format}.csv"`,
    },
  });
}
