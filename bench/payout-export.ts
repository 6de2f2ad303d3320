import { Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { openDatabase } from "../db/client";
import { migrateDatabase } from "../db/migrate";
import { createPayoutBatch } from "../domain/payouts/create-payout-batch";
import { payoutExportFormats } from "../domain/payouts/payout-export-formats";
import { streamPayoutExport } from "../domain/payouts/stream-payout-export";
import { insertApprovedCommissions } from "../test/helpers/bulk-commissions";
import { createPostgresDatabase } from "../test/helpers/databases";
import { referredCustomerFixture } from "../test/helpers/domain-fixture";
import type { BenchResult } from "./measure";

const PARTNERS = 10_000;
const PER_PARTNER = 10; // 100,000 commissions

const mb = (bytes: number) => bytes / 1_048_576;

/** Peak heap and RSS above the level before `run`, sampled every 20 ms while it runs. */
async function withMemory<T>(run: () => Promise<T>): Promise<{ value: T; heapMb: number; rssMb: number; seconds: number }> {
  globalThis.gc?.();
  const base = process.memoryUsage();
  let heap = 0;
  let rss = 0;
  const timer = setInterval(() => {
    const now = process.memoryUsage();
    heap = Math.max(heap, now.heapUsed - base.heapUsed);
    rss = Math.max(rss, now.rss - base.rss);
  }, 20);
  const started = process.hrtime.bigint();
  try {
    const value = await run();
    return { value, heapMb: mb(heap), rssMb: mb(rss), seconds: Number(process.hrtime.bigint() - started) / 1e9 };
  } finally {
    clearInterval(timer);
  }
}

/** A 100,000-commission batch (10,000 partners) on PostgreSQL: creating it, then exporting it in each format. */
export async function benchPayoutExport(): Promise<BenchResult[]> {
  const postgres = await createPostgresDatabase();
  const handle = await openDatabase({ kind: "postgres", url: postgres.url });
  try {
    await migrateDatabase(handle);
    const f = await referredCustomerFixture(handle.db, { holdDays: 0 });
    await insertApprovedCommissions(handle.db, { shopId: f.shop.id, programId: f.program.id, partners: PARTNERS, perPartner: PER_PARTNER, amount: 1_000, currency: "USD", method: "paypal" });
    const results: BenchResult[] = [];
    const created = await withMemory(() => createPayoutBatch(handle.db, f.shop.id, "USD"));
    results.push({ name: `create payout batch, ${PARTNERS} partners / ${PARTNERS * PER_PARTNER} commissions (peak heap +${created.heapMb.toFixed(1)} MB)`, operations: PARTNERS, seconds: created.seconds, perSecond: PARTNERS / created.seconds });
    for (const format of payoutExportFormats) {
      let bytes = 0;
      const sink = new Writable({ write: (chunk: Buffer, _encoding, done) => { bytes += chunk.length; done(); } });
      const exported = await withMemory(async () => pipeline(await streamPayoutExport(handle.db, f.shop.id, created.value!.batch.id, format), sink));
      results.push({
        name: `export ${format}, ${PARTNERS} payouts / ${PARTNERS * PER_PARTNER} commissions, ${mb(bytes).toFixed(1)} MB (peak heap +${exported.heapMb.toFixed(1)} MB, RSS +${exported.rssMb.toFixed(1)} MB)`,
        operations: PARTNERS,
        seconds: exported.seconds,
        perSecond: PARTNERS / exported.seconds,
      });
    }
    return results;
  } finally {
    await handle.close();
    await postgres.drop();
  }
}
