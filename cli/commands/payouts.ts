import { createReadStream, createWriteStream } from "node:fs";
import { resolve } from "node:path";
import { pipeline } from "node:stream/promises";
import { applyPaypalResults } from "../../domain/payouts/apply-paypal-results";
import { createPayoutBatch } from "../../domain/payouts/create-payout-batch";
import { findPayoutBatchOrThrow } from "../../domain/payouts/find-payout-batch-or-throw";
import { markBatchPaid } from "../../domain/payouts/mark-batch-paid";
import { markPayoutFailed } from "../../domain/payouts/mark-payout-failed";
import { markPayoutPaid } from "../../domain/payouts/mark-payout-paid";
import { payoutExportFormats, type PayoutExportFormat } from "../../domain/payouts/payout-export-formats";
import { streamPayoutExport } from "../../domain/payouts/stream-payout-export";
import { findShopByDomainOrThrow } from "../../domain/shops/find-shop-by-domain-or-throw";
import { CliUsageError, requireFlag } from "../args";
import type { CliCommand } from "./command";

const batchLine = (b: Awaited<ReturnType<typeof findPayoutBatchOrThrow>>) =>
  JSON.stringify({ id: b.id, currency: b.currency, status: b.status, payout_count: b.payoutCount, total_amount: b.totalAmount });

export const payoutsCreate: CliCommand = {
  name: "payouts create",
  usage: "payouts create --shop your-store.myshopify.com [--currency USD]",
  async run(flags, { db }) {
    const shop = await findShopByDomainOrThrow(db, requireFlag(flags, "shop"));
    const currency = flags.currency ?? shop.currency;
    const created = await createPayoutBatch(db, shop.id, currency);
    if (!created) throw new CliUsageError(`no partner has a ${currency} balance at or above the program's payout threshold`);
    return [batchLine(await findPayoutBatchOrThrow(db, shop.id, created.batch.id))];
  },
};

export const payoutsExport: CliCommand = {
  name: "payouts export",
  usage: `payouts export --shop D --batch ID --format ${payoutExportFormats.join("|")} --out FILE`,
  async run(flags, { db }) {
    const shop = await findShopByDomainOrThrow(db, requireFlag(flags, "shop"));
    const format = requireFlag(flags, "format");
    if (!payoutExportFormats.includes(format as PayoutExportFormat)) throw new CliUsageError(`--format must be one of ${payoutExportFormats.join(", ")}`);
    const out = resolve(requireFlag(flags, "out"));
    const batchId = requireFlag(flags, "batch");
    await pipeline(await streamPayoutExport(db, shop.id, batchId, format as PayoutExportFormat), createWriteStream(out));
    return [JSON.stringify({ batch: batchId, format, out })];
  },
};

export const payoutsMarkPaid: CliCommand = {
  name: "payouts mark-paid",
  usage: "payouts mark-paid --shop D --batch ID [--payout ID] [--reference R]",
  async run(flags, { db }) {
    const shop = await findShopByDomainOrThrow(db, requireFlag(flags, "shop"));
    const batchId = requireFlag(flags, "batch");
    if (flags.payout) {
      const { payout, changed } = await markPayoutPaid(db, shop.id, flags.payout, { batchId, reference: flags.reference });
      return [JSON.stringify({ payout: payout.id, status: payout.status, changed })];
    }
    const { batch, marked } = await markBatchPaid(db, shop.id, batchId);
    return [JSON.stringify({ ...JSON.parse(batchLine(batch)), marked })];
  },
};

export const payoutsMarkFailed: CliCommand = {
  name: "payouts mark-failed",
  usage: "payouts mark-failed --shop D --batch ID --payout ID [--reference R]",
  async run(flags, { db }) {
    const shop = await findShopByDomainOrThrow(db, requireFlag(flags, "shop"));
    const { payout, changed } = await markPayoutFailed(db, shop.id, requireFlag(flags, "payout"), { batchId: requireFlag(flags, "batch"), reference: flags.reference });
    return [JSON.stringify({ payout: payout.id, status: payout.status, changed })];
  },
};

export const payoutsImportPaypal: CliCommand = {
  name: "payouts import-paypal",
  usage: "payouts import-paypal --shop D --batch ID --file RESULTS.csv",
  async run(flags, { db }) {
    const shop = await findShopByDomainOrThrow(db, requireFlag(flags, "shop"));
    const summary = await applyPaypalResults(db, shop.id, requireFlag(flags, "batch"), createReadStream(resolve(requireFlag(flags, "file"))));
    return [JSON.stringify(summary)];
  },
};
