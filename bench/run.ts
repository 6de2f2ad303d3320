import { writeFileSync } from "node:fs";
import { benchRecordTransactions } from "./record-transactions";
import { benchHttpTransactions } from "./http-transactions";
import { benchPayoutExport } from "./payout-export";
import { benchWebhookReceipt } from "./webhook-receipt";

// npm run bench: each benchmark prints one line and the results land in bench/results.json.
const results = [];
for (const bench of [benchRecordTransactions, benchHttpTransactions, benchWebhookReceipt, benchPayoutExport]) {
  for (const result of await bench()) {
    console.log(`${result.name}: ${result.operations} ops in ${result.seconds.toFixed(2)} s = ${result.perSecond.toFixed(0)}/s`);
    results.push(result);
  }
}
writeFileSync(new URL("./results.json", import.meta.url), `${JSON.stringify({ at: new Date().toISOString(), results }, null, 2)}\n`);
process.exit(0);
