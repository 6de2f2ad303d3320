import { formatMinorUnits } from "../shared/format-minor-units";
import type { PayoutExportRow } from "./payout-export-rows";

export const payoutExportFormats = ["paypal", "wise", "generic"] as const;
export type PayoutExportFormat = (typeof payoutExportFormats)[number];

export interface ExportFormat {
  /** Column names; written as a header row only when `header` is true. */
  columns: string[];
  header: boolean;
  /** Only payouts made by these methods; all when absent. */
  methods?: string[];
  /** The file lists each payout's commission and reversal ids. */
  rowIds?: boolean;
  toRecord(row: PayoutExportRow): string[];
}

/** The Customer ID column of the PayPal file: the partner key without spaces, at most 30 characters. Result files are matched on it. */
export const paypalCustomerId = (partnerKey: string) => partnerKey.replace(/\s+/g, "").slice(0, 30);

const recipientEmail = (row: PayoutExportRow) => row.payoutDetails.email ?? row.partnerEmail;

/** "key=value; ..." in key order, for the generic file. */
const describeDetails = (details: Record<string, string>) =>
  Object.keys(details)
    .sort()
    .map((key) => `${key}=${details[key]}`)
    .join("; ");

export const exportFormats: Record<PayoutExportFormat, ExportFormat> = {
  // PayPal Payouts Web payment file: no header; recipient, amount, currency, customer id, note, wallet.
  paypal: {
    columns: ["recipient", "amount", "currency", "customer_id", "note", "recipient_wallet"],
    header: false,
    methods: ["paypal"],
    toRecord: (row) => [
      recipientEmail(row),
      formatMinorUnits(row.amount, row.currency),
      row.currency,
      paypalCustomerId(row.partnerKey),
      "Affiliate payout",
      "PAYPAL",
    ],
  },
  // Wise batch payment template, "send by email" variant (Wise asks the recipient for bank details).
  wise: {
    columns: ["name", "recipientEmail", "paymentReference", "receiverType", "amountCurrency", "amount", "sourceCurrency", "targetCurrency", "type"],
    header: true,
    methods: ["wise"],
    toRecord: (row) => [
      row.payoutDetails.name ?? row.partnerName ?? recipientEmail(row),
      recipientEmail(row),
      `Payout ${row.payoutId.slice(0, 8)}`,
      row.payoutDetails.receiver_type === "BUSINESS" ? "BUSINESS" : "PRIVATE",
      "target",
      formatMinorUnits(row.amount, row.currency),
      row.currency,
      row.currency,
      "EMAIL",
    ],
  },
  generic: {
    rowIds: true,
    columns: ["payout_id", "partner_key", "partner_name", "email", "method", "method_details", "amount", "amount_minor", "currency", "commission_ids", "reversal_ids"],
    header: true,
    toRecord: (row) => [
      row.payoutId,
      row.partnerKey,
      row.partnerName ?? "",
      recipientEmail(row),
      row.method ?? "",
      describeDetails(row.payoutDetails),
      formatMinorUnits(row.amount, row.currency),
      String(row.amount),
      row.currency,
      row.commissionIds,
      row.reversalIds,
    ],
  },
};
