import { sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../db/client";
import { migrateDatabase } from "../../db/migrate";
import { rowsOf } from "../../db/rows";
import { processInboundEventJob } from "../../jobs/process-inbound-event";
import { sweepInboundEventsJob } from "../../jobs/sweep-inbound-events";
import { loadConfig, secretBoxOf } from "../../runtime/config";
import type { RunningApp } from "../../runtime/start";
import { startTestApp } from "../helpers/app-server";
import { createPostgresDatabase } from "../helpers/databases";
import { startTs } from "../helpers/processes";
import { PrivateRedis } from "../helpers/redis-server";
import { waitFor } from "../helpers/wait-for";
import { snapshotDatabase, snapshotDifference, type Snapshot } from "./database-snapshot";
import { deliver, fixtureDeliveries, type BillingProvider, type FixtureDelivery } from "./fixture-deliveries";
import { createReplayShops } from "./replay-shops";

const SEED = Number(process.env.CHAOS_SEED ?? Date.now() % 1_000_000);
const SETTLE_MS = 45_000;

/** mulberry32: a seeded shuffle, so a failing order can be replayed with CHAOS_SEED. */
function shuffled<T>(items: T[], seed: number): T[] {
  let state = seed >>> 0;
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

type Statuses = Map<string, number>;
const secret = () => loadConfig().shopify.apiSecret;

/** Delivers `batch` four at a time, recording each answer's status by delivery name. */
async function deliverAll(app: RunningApp, batch: FixtureDelivery[], connections: Record<BillingProvider, string>, statuses: Statuses) {
  for (let i = 0; i < batch.length; i += 4) {
    await Promise.all(
      batch.slice(i, i + 4).map(async (delivery) => {
        const response = await deliver(app.url, delivery, secret(), connections);
        await response.arrayBuffer();
        statuses.set(delivery.name, response.status);
      }),
    );
  }
}

const startWorker = (databaseUrl: string, redisUrl: string) =>
  startTs("jobs/worker-main.ts", [], { DATABASE_URL: databaseUrl, REDIS_URL: redisUrl }, /workers started/, 60_000);

const countWhere = async (app: RunningApp, condition: ReturnType<typeof sql>) =>
  Number(rowsOf<{ n: unknown }>(await app.database.db.execute(sql`select count(*) as n from inbound_events where ${condition}`))[0]!.n);

describe("replaying every fixture twice, shuffled, through a killed worker and a restarted Redis (PostgreSQL)", () => {
  const cleanups: Array<() => Promise<unknown>> = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  });

  it("ends in the state of a clean in-order run, row by row", async () => {
    const deliveries = fixtureDeliveries();
    expect(deliveries.length).toBeGreaterThan(90);
    const replayed = deliveries.filter((d) => d.phase < 3);
    const erasures = deliveries.filter((d) => d.phase === 3);

    // The chaos database gets its shops first, so its worker process (in local mode it seeds an empty database)
    // boots while the clean run goes on.
    const chaosDb = await createPostgresDatabase();
    cleanups.push(chaosDb.drop);
    const setupHandle = await openDatabase({ kind: "postgres", url: chaosDb.url });
    await migrateDatabase(setupHandle);
    const { connections } = await createReplayShops(setupHandle.db, secretBoxOf(loadConfig()));
    await setupHandle.close();
    const redis = await PrivateRedis.start();
    cleanups.push(() => redis.stop());
    let worker = startWorker(chaosDb.url, redis.url);
    cleanups.push(async () => worker.child.kill("SIGKILL"));

    // The clean run: each delivery once, in order, processed by the job's handler before the next arrives.
    const cleanRedis = await PrivateRedis.start();
    cleanups.push(() => cleanRedis.stop());
    const cleanDb = await createPostgresDatabase();
    cleanups.push(cleanDb.drop);
    const clean = await startTestApp({ database: { kind: "postgres", url: cleanDb.url }, redisUrl: cleanRedis.url });
    cleanups.push(() => clean.close());
    const cleanSetup = await createReplayShops(clean.database.db, secretBoxOf(loadConfig()));
    const expectedStatuses: Statuses = new Map();
    const context = { db: clean.database.db, attempt: 1, isLastAttempt: false, producer: clean.producer, shopifyAdmin: clean.shopifyAdmin, log: () => undefined };
    const deliverAndProcess = async (delivery: FixtureDelivery) => {
      const response = await deliver(clean.url, delivery, secret(), cleanSetup.connections);
      expectedStatuses.set(delivery.name, response.status);
      const body = await response.text();
      if (response.status === 200) await processInboundEventJob.handle({ inboundEventId: JSON.parse(body).id }, context).catch(() => undefined);
    };
    for (const delivery of replayed) await deliverAndProcess(delivery);
    const expected: Snapshot = await snapshotDatabase(clean.database.db);
    for (const delivery of erasures) for (const _copy of [1, 2]) await deliverAndProcess(delivery);
    const expectedAfterErasure: Snapshot = await snapshotDatabase(clean.database.db);
    await clean.close();
    await cleanRedis.stop();
    // Money moved in the clean run, so the comparison is worth something.
    expect(expected.transactions!.length).toBeGreaterThanOrEqual(5);
    expect(expected.commissions!.filter((c) => c.includes('"kind":"reversal"')).length).toBeGreaterThanOrEqual(2);

    // The chaos run: web here, the worker in its own process, on a Redis the test restarts.
    const app = await startTestApp({ database: { kind: "postgres", url: chaosDb.url }, redisUrl: redis.url });
    cleanups.push(() => app.close());
    await worker.started;
    const order = shuffled([...replayed, ...replayed], SEED);
    const quarter = (q: number) => order.slice(Math.floor((q * order.length) / 4), Math.floor(((q + 1) * order.length) / 4));
    const statuses: Statuses = new Map();

    // SIGKILL mid-batch: the first quarter waits in the paused queue, the worker takes it up, and is killed as soon
    // as the first events are done (open transactions roll back, active jobs are orphaned in Redis). The
    // replacement starts at once and boots while the second quarter arrives.
    const ingest = app.producer.queue("ingest");
    await ingest.pause();
    await deliverAll(app, quarter(0), connections, statuses);
    await ingest.resume();
    for (const deadline = Date.now() + 30_000; (await countWhere(app, sql`processed_at is not null`)) < 2; ) {
      if (Date.now() > deadline) throw new Error("the worker processed nothing in 30 s");
      await new Promise((r) => setTimeout(r, 2));
    }
    worker.child.kill("SIGKILL");
    const pendingAtKill = await countWhere(app, sql`processed_at is null and abandoned_at is null`);
    await worker.exited;
    worker = startWorker(chaosDb.url, redis.url);
    await deliverAll(app, quarter(1), connections, statuses);
    await worker.started;

    // Redis (no persistence) restarted: every queued job is lost; receipt must still store and answer 200.
    await redis.stop();
    await deliverAll(app, quarter(2), connections, statuses);
    await redis.start();
    await waitFor(async () => app.producer.connection.status, (status) => status === "ready");
    await deliverAll(app, quarter(3), connections, statuses);

    // The sweeper (scheduled every minute) re-enqueues what was orphaned or lost; run it now instead of waiting.
    let lastSweep = 0;
    const settled = await waitFor(
      async () => {
        if (Date.now() - lastSweep > 2_000) {
          lastSweep = Date.now();
          await app.producer.enqueue(sweepInboundEventsJob, { olderThanSeconds: 0 }, { jobId: `chaos-sweep-${lastSweep}` });
        }
        return snapshotDatabase(app.database.db);
      },
      (snapshot) => JSON.stringify(snapshot) === JSON.stringify(expected),
      SETTLE_MS,
    );
    expect(pendingAtKill, "the worker was killed with work left").toBeGreaterThan(0);
    expect(snapshotDifference(expected, settled), `CHAOS_SEED=${SEED}`).toEqual({});

    // Erasure last, each topic twice in a row as a redelivery comes, through the restarted worker.
    for (const delivery of erasures) {
      for (const _copy of [1, 2]) {
        const response = await deliver(app.url, delivery, secret(), connections);
        statuses.set(delivery.name, response.status);
        const body = await response.text();
        if (response.status !== 200) continue;
        const id = JSON.parse(body).id as string;
        // Processed, or gone with its shop (shop/redact deletes the shop's stored events too).
        await waitFor(
          () => countWhere(app, sql`id = ${id} and processed_at is null and abandoned_at is null`),
          (waiting) => waiting === 0,
        );
      }
    }
    expect(Object.fromEntries(statuses), `CHAOS_SEED=${SEED}`).toEqual(Object.fromEntries(expectedStatuses));
    expect(snapshotDifference(expectedAfterErasure, await snapshotDatabase(app.database.db)), `CHAOS_SEED=${SEED}`).toEqual({});
  });
});
