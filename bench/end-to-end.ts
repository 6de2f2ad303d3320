import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { startAppProcess } from "./harness/app-process";
import { formatLoad, runLoad, type LoadResult } from "./harness/load";
import { startWorkerProcess } from "./end-to-end/worker-process";
import { DRAIN_SHOP, seedDrainShop } from "./drain/order-mix";
import { verifyDrain } from "./drain/verify-drain";
import { drainNoopJobs } from "./ingest-drain";
import type { BenchResult } from "./measure";

const SECONDS = Number(process.env.BENCH_E2E_SECONDS ?? 60);
const CONNECTIONS = 16;
const PROFILE = process.env.BENCH_CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${new URL("./profiles/", import.meta.url).pathname}`] : [];

/** Resolves when the ingest queue has no job left to run (waiting, active, delayed or prioritized). */
async function ingestQueueDrained(redisUrl: string, prefix: string): Promise<void> {
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const queue = new Queue("ingest", { connection, prefix });
  try {
    for (;;) {
      const counts = await queue.getJobCounts("waiting", "active", "delayed", "prioritized");
      if (Object.values(counts).every((n) => n === 0)) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    await queue.close();
    connection.disconnect();
  }
}

/**
 * 60 s of signed orders/paid webhooks (the drain benchmark's mix) from autocannon in its own process, as fast as
 * the server answers, then until the last stored order has its commission: orders per second from the first
 * request to the last commission, every commission checked afterwards.
 */
async function endToEnd(database: "postgres" | "pglite"): Promise<BenchResult> {
  let shopId = "";
  const app = await startAppProcess({
    database,
    roles: database === "postgres" ? "web" : "all",
    nodeArgs: PROFILE,
    prepare: async (db) => {
      shopId = await seedDrainShop(db);
    },
  });
  const worker =
    database === "postgres" && app.database.kind === "postgres"
      ? await startWorkerProcess({ databaseUrl: app.database.url, redisUrl: app.redisUrl, queuePrefix: app.queuePrefix, nodeArgs: PROFILE })
      : undefined;
  let load: LoadResult | undefined;
  let seconds = 0;
  let checked = 0;
  try {
    const started = process.hrtime.bigint();
    load = await runLoad({ url: app.url, request: { module: "bench/end-to-end/mixed-orders-paid.ts", params: { shop: DRAIN_SHOP, secret: app.shopifySecret } }, connections: CONNECTIONS, durationSeconds: SECONDS });
    await ingestQueueDrained(app.redisUrl, app.queuePrefix);
    seconds = Number(process.hrtime.bigint() - started) / 1e9;
  } finally {
    await worker?.stop();
    await app.stop({
      inspect: async (db) => {
        if (load) checked = await verifyDrain(db, shopId);
      },
    });
  }
  const topology = database === "postgres" ? "PostgreSQL, web and worker processes" : "PGlite embedded, npm start: web + workers in one process";
  return {
    name: `webhook -> commission, ${SECONDS} s of load (${topology}; receipt ${formatLoad(load!)}; last commission ${(seconds - load!.seconds).toFixed(1)} s after the load)`,
    operations: checked,
    seconds,
    perSecond: checked / seconds,
  };
}

export async function benchEndToEnd(): Promise<BenchResult[]> {
  return [await drainNoopJobs(), await endToEnd("postgres"), await endToEnd("pglite")];
}
