import { writeFileSync } from "node:fs";
import { benchClickBeacon } from "./click-beacon";
import { benchDashboardQueries } from "./dashboard-queries";
import { benchRecordTransactions } from "./record-transactions";
import { benchHttpTransactions } from "./http-transactions";
import { benchPayoutExport } from "./payout-export";
import { benchWebhookReceipt } from "./webhook-receipt";

const benches = {
  "record-transactions": benchRecordTransactions,
  "http-transactions": benchHttpTransactions,
  "webhook-receipt": benchWebhookReceipt,
  "payout-export": benchPayoutExport,
  "click-beacon": benchClickBeacon,
  "dashboard-queries": benchDashboardQueries,
};

// npm run bench [-- name ...]: each benchmark prints one line and the results land in bench/results.json
// (only a full run writes it). Names: the keys above.
const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !(name in benches));
if (unknown.length) {
  console.error(`unknown benchmark ${unknown.join(", ")}; known: ${Object.keys(benches).join(", ")}`);
  process.exit(1);
}
const results = [];
for (const [name, bench] of Object.entries(benches)) {
  if (wanted.length && !wanted.includes(name)) continue;
  for (const result of await bench()) {
    console.log(`${result.name}: ${result.operations} ops in ${result.seconds.toFixed(2)} s = ${result.perSecond.toFixed(0)}/s`);
    results.push(result);
  }
}
if (!wanted.length) writeFileSync(new URL("./results.json", import.meta.url), `${JSON.stringify({ at: new Date().toISOString(), results }, null, 2)}\n`);
process.exit(0);
