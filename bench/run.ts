import { writeFileSync } from "node:fs";
import { benchClickBeacon } from "./click-beacon";
import { benchDashboardQueries } from "./dashboard-queries";
import { benchRecordTransactions } from "./record-transactions";
import { benchHttpTransactions } from "./http-transactions";
import { benchPayoutExport } from "./payout-export";
import { benchIngestDrain } from "./ingest-drain";
import { benchEndToEnd } from "./end-to-end";
import type { BenchResult } from "./measure";
import { benchWebhookReceipt } from "./webhook-receipt";

const benchmarks: Record<string, () => Promise<BenchResult[]>> = {
  "record-transactions": benchRecordTransactions,
  "http-transactions": benchHttpTransactions,
  "webhook-receipt": benchWebhookReceipt,
  "payout-export": benchPayoutExport,
  "click-beacon": benchClickBeacon,
  "dashboard-queries": benchDashboardQueries,
  "ingest-drain": benchIngestDrain,
  "end-to-end": benchEndToEnd,
};

// npm run bench [-- name...]: each benchmark (all, or those named) prints one line; the results land in bench/results.json.
const chosen = process.argv.slice(2);
const unknown = chosen.filter((name) => !(name in benchmarks));
if (unknown.length) {
  console.error(`unknown benchmark ${unknown.join(", ")}; known: ${Object.keys(benchmarks).join(", ")}`);
  process.exit(2);
}
const results = [];
for (const [name, bench] of Object.entries(benchmarks)) {
  if (chosen.length && !chosen.includes(name)) continue;
  for (const result of await bench()) {
    console.log(`${result.name}: ${result.operations} ops in ${result.seconds.toFixed(2)} s = ${result.perSecond.toFixed(0)}/s`);
    results.push(result);
  }
}
if (!chosen.length) writeFileSync(new URL("./results.json", import.meta.url), `${JSON.stringify({ at: new Date().toISOString(), results }, null, 2)}\n`);
process.exit(0);
