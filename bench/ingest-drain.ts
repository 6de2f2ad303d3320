import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { Queue } from "bullmq";
import { openDatabase, type DatabaseTarget } from "../db/client";
import { migrateDatabase } from "../db/migrate";
import { createProducerConnection } from "../jobs/connection";
import { inboundJobId, processInboundEventJob } from "../jobs/process-inbound-event";
import { createPostgresDatabase } from "../test/helpers/databases";
import { TEST_REDIS_URL } from "../test/helpers/redis-server";
import { runBenchChild } from "./drain/bench-child";
import { seedDrainShop, storeOrderEvents } from "./drain/order-mix";
import { verifyDrain } from "./drain/verify-drain";
import type { BenchResult } from "./measure";

const POSTGRES_ORDERS = Number(process.env.BENCH_PG_ORDERS ?? 6_000);
const PGLITE_ORDERS = Number(process.env.BENCH_PGLITE_ORDERS ?? 2_000);
const NOOP_JOBS = 20_000;
const WORKER = new URL("./drain/worker-process.ts", import.meta.url).pathname;

/** Enqueues jobs on a fresh prefix, in chunks as a producer would (addBulk). */
async function enqueue(prefix: string, queueName: string, jobs: { name: string; data: object; opts?: object }[]): Promise<() => Promise<void>> {
  const queue = new Queue(queueName, { connection: createProducerConnection(TEST_REDIS_URL), prefix });
  for (let i = 0; i < jobs.length; i += 1_000) await queue.addBulk(jobs.slice(i, i + 1_000));
  return async () => {
    await queue.obliterate({ force: true });
    await queue.close();
  };
}

/** Raw BullMQ: no-op jobs added, then drained by a Worker in another process on the same Redis. */
export async function drainNoopJobs(jobs = NOOP_JOBS): Promise<BenchResult> {
  const prefix = `bench-noop-${randomBytes(4).toString("hex")}`;
  const cleanup = await enqueue(prefix, "noop", Array.from({ length: jobs }, (_, i) => ({ name: "noop", data: { i } })));
  try {
    const { seconds } = await runBenchChild(WORKER, { BENCH_MODE: "noop", BENCH_QUEUE: "noop", BENCH_EXPECT: String(jobs), QUEUE_PREFIX: prefix, REDIS_URL: TEST_REDIS_URL });
    return { name: "BullMQ no-op jobs, worker process, concurrency 50", operations: jobs, seconds, perSecond: jobs / seconds };
  } finally {
    await cleanup();
  }
}

/**
 * Stored Shopify orders/paid events (mixed attribution, repeat customers), enqueued, then drained by the app's
 * workers in a separate process until every event is processed; the commissions are then checked one by one.
 */
export async function drainStoredOrders(label: string, target: DatabaseTarget, orders: number): Promise<BenchResult> {
  const run = randomBytes(4).toString("hex");
  const prefix = `bench-drain-${run}`;
  let handle = await openDatabase(target);
  await migrateDatabase(handle);
  const shopId = await seedDrainShop(handle.db);
  const ids = await storeOrderEvents(handle.db, shopId, run, 0, orders);
  await handle.close(); // PGlite: one process owns a data dir
  const options = { ...processInboundEventJob.options, removeOnComplete: true, removeOnFail: 1000 };
  const cleanup = await enqueue(prefix, processInboundEventJob.queue, ids.map((id) => ({ name: processInboundEventJob.name, data: { inboundEventId: id }, opts: { ...options, jobId: inboundJobId(id) } })));
  try {
    const { seconds } = await runBenchChild(WORKER, {
      BENCH_MODE: "app",
      BENCH_DATABASE: JSON.stringify(target),
      BENCH_EXPECT: String(orders),
      QUEUE_PREFIX: prefix,
      REDIS_URL: TEST_REDIS_URL,
      ...(process.env.BENCH_CONCURRENCY ? { BENCH_CONCURRENCY: process.env.BENCH_CONCURRENCY } : {}),
    });
    handle = await openDatabase(target);
    await verifyDrain(handle.db, shopId, orders);
    await handle.close();
    return { name: `stored orders/paid -> commissions, worker process (${label})`, operations: orders, seconds, perSecond: orders / seconds };
  } finally {
    await cleanup();
  }
}

export async function benchIngestDrain(): Promise<BenchResult[]> {
  const results = [await drainNoopJobs()];
  const postgres = await createPostgresDatabase();
  try {
    results.push(await drainStoredOrders("PostgreSQL", { kind: "postgres", url: postgres.url }, POSTGRES_ORDERS));
  } finally {
    await postgres.drop();
  }
  const dir = mkdtempSync(join(tmpdir(), "bench-drain-"));
  try {
    results.push(await drainStoredOrders("PGlite data dir", { kind: "pglite", dataDir: join(dir, "pglite") }, PGLITE_ORDERS));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return results;
}
