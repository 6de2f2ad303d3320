import { loadConfig } from "../runtime/config";
import { startTestApp } from "../test/helpers/app-server";
import { shopWithKey } from "../test/helpers/api-client";
import { createPostgresDatabase } from "../test/helpers/databases";
import { shopifyOrderBody } from "../test/helpers/ingest-fixtures";
import { shopifyWebhookHeaders } from "../test/helpers/shopify-signer";
import type { BenchResult } from "./measure";

const REQUESTS = 1_000;
const CONCURRENCY = 8;

/** Receipt of signed orders/paid webhooks with no worker running (web process only, PostgreSQL): latency and rate. */
export async function benchHttpWebhooks(): Promise<BenchResult[]> {
  const postgres = await createPostgresDatabase();
  const app = await startTestApp({ database: { kind: "postgres", url: postgres.url }, worker: false });
  const secret = loadConfig().shopify.apiSecret;
  try {
    await shopWithKey(app.database.db, "bench-hooks.myshopify.com");
    const latencies: number[] = [];
    let next = 0;
    const started = process.hrtime.bigint();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < REQUESTS) {
          const n = next++;
          const body = shopifyOrderBody(n, { ref: "AVA" });
          const t0 = process.hrtime.bigint();
          const response = await fetch(`${app.url}/webhooks/orders/paid`, {
            method: "POST",
            headers: shopifyWebhookHeaders({ topic: "orders/paid", shop: "bench-hooks.myshopify.com", body, secret, eventId: `bench-${n}` }),
            body,
          });
          if (response.status !== 200) throw new Error(`unexpected ${response.status}`);
          latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
        }
      }),
    );
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    latencies.sort((a, b) => a - b);
    const p = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!.toFixed(1);
    return [
      {
        name: `POST /webhooks/orders/paid, worker stopped (PostgreSQL, ${CONCURRENCY} in flight; p50 ${p(0.5)} ms, p99 ${p(0.99)} ms, max ${p(1)} ms)`,
        operations: REQUESTS,
        seconds,
        perSecond: REQUESTS / seconds,
      },
    ];
  } finally {
    await app.close();
    await postgres.drop();
  }
}
