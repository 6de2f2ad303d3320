import { pipeline, Readable } from "node:stream";
import { parse } from "csv-parse";
import { and, eq } from "drizzle-orm";
import type { Database } from "../../db/client";
import { partners, payouts } from "../../db/schema/index";
import { invalid } from "../shared/errors";
import { findPayoutBatchOrThrow } from "./find-payout-batch-or-throw";
import { paypalCustomerId } from "./payout-export-formats";
import { markPayoutFailed } from "./mark-payout-failed";
import { markPayoutPaid } from "./mark-payout-paid";

const PAID = new Set(["SUCCESS", "COMPLETED"]);
const FAILED = new Set(["FAILED", "RETURNED", "BLOCKED", "REFUNDED", "REVERSED", "DENIED"]);

const column = (header: string[], names: string[]) => header.findIndex((h) => names.includes(h.trim().toLowerCase()));

export interface PaypalResultSummary {
  paid: number;
  failed: number;
  /** Still pending at PayPal (unclaimed, on hold): left pending. */
  unchanged: number;
  /** Rows naming no payout of this batch. */
  unmatched: string[];
}

/**
 * Applies a PayPal payouts result file (CSV with a header row) to the batch: each row is matched to the payout
 * by the Customer ID our export wrote (the partner key); SUCCESS/COMPLETED marks it paid with PayPal's
 * transaction id as reference, FAILED/RETURNED/BLOCKED/REFUNDED/REVERSED/DENIED marks it failed, anything
 * else (UNCLAIMED, PENDING, ONHOLD) leaves it. Idempotent: applying the same file again changes nothing.
 */
export async function applyPaypalResults(db: Database, shopId: string, batchId: string, csv: AsyncIterable<Buffer | string> | string): Promise<PaypalResultSummary> {
  const batch = await findPayoutBatchOrThrow(db, shopId, batchId);
  const rows = await db
    .select({ id: payouts.id, key: partners.key })
    .from(payouts)
    .innerJoin(partners, eq(partners.id, payouts.partnerId))
    .where(and(eq(payouts.shopId, shopId), eq(payouts.batchId, batch.id)));
  const byCustomerId = new Map(rows.map((r) => [paypalCustomerId(r.key).toLowerCase(), r.id]));
  const parser = parse({ bom: true, skip_empty_lines: true, relax_column_count: true, trim: true });
  pipeline(Readable.from(typeof csv === "string" ? [csv] : csv), parser, () => undefined); // a read error reaches the loop through the parser
  const summary: PaypalResultSummary = { paid: 0, failed: 0, unchanged: 0, unmatched: [] };
  let idCol = -1;
  let statusCol = -1;
  let referenceCol = -1;
  for await (const record of parser as AsyncIterable<string[]>) {
    if (idCol < 0) {
      idCol = column(record, ["customer id", "customer_id", "sender item id", "sender_item_id", "reference id"]);
      statusCol = column(record, ["status", "transaction status", "transaction_status"]);
      referenceCol = column(record, ["transaction id", "transaction_id", "payout item id", "payout_item_id"]);
      if (idCol < 0 || statusCol < 0) throw invalid("the PayPal result file needs a header row with Customer ID and Status columns", "file");
      continue;
    }
    const customerId = record[idCol] ?? "";
    const payoutId = byCustomerId.get(customerId.toLowerCase());
    if (!payoutId) {
      summary.unmatched.push(customerId);
      continue;
    }
    const status = (record[statusCol] ?? "").toUpperCase();
    const reference = (referenceCol >= 0 ? record[referenceCol] : "") || null;
    if (PAID.has(status)) {
      if ((await markPayoutPaid(db, shopId, payoutId, { batchId: batch.id, reference })).changed) summary.paid += 1;
      else summary.unchanged += 1;
    } else if (FAILED.has(status)) {
      if ((await markPayoutFailed(db, shopId, payoutId, { batchId: batch.id, reference })).changed) summary.failed += 1;
      else summary.unchanged += 1;
    } else summary.unchanged += 1;
  }
  if (idCol < 0) throw invalid("the PayPal result file is empty", "file");
  return summary;
}
