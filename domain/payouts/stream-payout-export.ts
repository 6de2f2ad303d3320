import { pipeline, Readable } from "node:stream";
import { stringify } from "csv-stringify";
import { and, eq } from "drizzle-orm";
import type { Database } from "../../db/client";
import { payoutBatches } from "../../db/schema/index";
import { exportFormats, type PayoutExportFormat } from "./payout-export-formats";
import { findPayoutBatchOrThrow } from "./find-payout-batch-or-throw";
import { payoutExportRows } from "./payout-export-rows";

/**
 * The batch as a CSV stream in one provider's format, produced page by page as the reader pulls (constant
 * memory). Cells starting with = + - @ (or tab, CR) are prefixed with ' so spreadsheets never run them.
 * A draft batch becomes exported.
 */
export async function streamPayoutExport(db: Database, shopId: string, batchId: string, format: PayoutExportFormat, now = new Date()): Promise<Readable> {
  const batch = await findPayoutBatchOrThrow(db, shopId, batchId);
  if (batch.status === "draft") {
    await db
      .update(payoutBatches)
      .set({ status: "exported", exportedAt: now })
      .where(and(eq(payoutBatches.shopId, shopId), eq(payoutBatches.id, batchId), eq(payoutBatches.status, "draft")));
  }
  const spec = exportFormats[format];
  async function* records() {
    for await (const row of payoutExportRows(db, shopId, batchId, { methods: spec.methods, rowIds: spec.rowIds ?? false })) yield spec.toRecord(row);
  }
  const csv = stringify({ header: spec.header, columns: spec.columns, escape_formulas: true, record_delimiter: "\r\n" });
  pipeline(Readable.from(records()), csv, () => undefined); // a read error destroys csv with it, so the reader sees it
  return csv;
}
