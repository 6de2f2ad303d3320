import { Worker } from "bullmq";
import { isNotNull, or, count } from "drizzle-orm";
import { shopifyAdminOfApp } from "../../connectors/shopify/admin-client";
import { openDatabase, type DatabaseTarget } from "../../db/client";
import { inboundEvents } from "../../db/schema/index";
import { createProducerConnection, createWorkerConnection } from "../../jobs/connection";
import { JobProducer } from "../../jobs/producer";
import { startWorkers } from "../../jobs/worker";
import { loadConfig, secretBoxOf } from "../../runtime/config";

// The worker side of the drain benchmarks, in its own process: drains what the parent enqueued and prints one JSON line.
// mode "app": the app's workers until BENCH_EXPECT stored events are processed; mode "noop": a BullMQ Worker doing nothing.
const env = (name: string) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};
const redisUrl = env("REDIS_URL");
const prefix = env("QUEUE_PREFIX");
const expected = Number(env("BENCH_EXPECT"));
const concurrency = process.env.BENCH_CONCURRENCY ? Number(process.env.BENCH_CONCURRENCY) : undefined;

async function drainApp(target: DatabaseTarget) {
  const database = await openDatabase(target);
  const producer = new JobProducer(createProducerConnection(redisUrl), prefix);
  const started = process.hrtime.bigint();
  const config = loadConfig();
  const { admin: shopifyAdmin } = shopifyAdminOfApp(config.shopify, () => database.db, () => secretBoxOf(config));
  const workers = await startWorkers({ redisUrl, prefix, db: database.db, producer, shopifyAdmin, concurrency });
  const done = or(isNotNull(inboundEvents.processedAt), isNotNull(inboundEvents.abandonedAt));
  for (;;) {
    const [row] = await database.db.select({ n: count() }).from(inboundEvents).where(done);
    if (row!.n >= expected) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await workers.close();
  await producer.close();
  await database.close();
  return seconds;
}

async function drainNoop(queue: string) {
  const connection = createWorkerConnection(redisUrl);
  let completed = 0;
  const started = process.hrtime.bigint();
  const seconds = await new Promise<number>((resolve) => {
    const worker = new Worker(queue, async () => undefined, { connection, prefix, concurrency: concurrency ?? 50, removeOnComplete: { count: 0 } });
    worker.on("completed", () => {
      if (++completed === expected) {
        resolve(Number(process.hrtime.bigint() - started) / 1e9);
        void worker.close().then(() => connection.disconnect());
      }
    });
  });
  return seconds;
}

const mode = env("BENCH_MODE");
const seconds = mode === "noop" ? await drainNoop(env("BENCH_QUEUE")) : await drainApp(JSON.parse(env("BENCH_DATABASE")) as DatabaseTarget);
console.log(JSON.stringify({ seconds }));
process.exit(0);
