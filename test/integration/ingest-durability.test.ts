import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inboundEvents, transactions } from "../../db/schema/index";
import { createPartner } from "../../domain/partners/create-partner";
import { createProgram } from "../../domain/programs/create-program";
import { processInboundEventJob } from "../../jobs/process-inbound-event";
import { sweepInboundEventsJob } from "../../jobs/sweep-inbound-events";
import { startWorkers } from "../../jobs/worker";
import { loadConfig } from "../../runtime/config";
import type { RunningApp } from "../../runtime/start";
import { apiClient, shopWithKey } from "../helpers/api-client";
import { startTestApp } from "../helpers/app-server";
import { databaseKinds, targetFor } from "../helpers/databases";
import { orderId, shopifyFixtureBody, shopifyOrderBody } from "../helpers/ingest-fixtures";
import { runCli } from "../helpers/processes";
import { PrivateRedis } from "../helpers/redis-server";
import { shopifyWebhookHeaders } from "../helpers/shopify-signer";
import { waitFor } from "../helpers/wait-for";

const SHOP = "durable.myshopify.com";

/** The web process alone (no worker), on a Redis the test can stop: receipt must not depend on either. */
describe.each(databaseKinds)("stored webhooks are never lost, on %s", (kind) => {
  let redis: PrivateRedis;
  let app: RunningApp;
  let drop: () => Promise<void>;
  let api: ReturnType<typeof apiClient>;
  let databaseUrl: string | undefined;
  const secret = loadConfig().shopify.apiSecret;
  const context = () => ({ db: app.database.db, attempt: 1, isLastAttempt: false, producer: app.producer, shopifyAdmin: app.shopifyAdmin, log: () => undefined });
  const post = (topic: string, body: string, eventId: string) =>
    fetch(`${app.url}/webhooks/${topic}`, { method: "POST", headers: shopifyWebhookHeaders({ topic, shop: SHOP, body, secret, eventId }), body });
  const row = async (externalId: string) => (await app.database.db.select().from(inboundEvents).where(eq(inboundEvents.externalId, externalId)))[0];

  beforeAll(async () => {
    redis = await PrivateRedis.start();
    const target = await targetFor(kind);
    drop = target.drop;
    databaseUrl = target.target.kind === "postgres" ? target.target.url : undefined;
    app = await startTestApp({ database: target.target, redisUrl: redis.url, worker: false });
    const { shop, key } = await shopWithKey(app.database.db, SHOP);
    api = apiClient(app.url, key);
    const { program } = await createProgram(app.database.db, shop.id, {
      name: "Affiliates", type: "affiliate", currency: "USD", cookieDays: 30, attribution: "last_click", holdDays: 0, payoutThreshold: 0,
      commission: { kind: "percentage", percentBasisPoints: 1000 },
    });
    await createPartner(app.database.db, shop.id, { programId: program.id, email: "ava@example.com", key: "AVA", status: "active" });
  });
  afterAll(async () => {
    await app?.close();
    await redis?.stop();
    await drop?.();
  });

  it("acknowledges an order while the worker is stopped; a worker started later processes it", async () => {
    const response = await post("orders/paid", shopifyOrderBody(1, { ref: "AVA", subtotal: "30.00" }), `no-worker-${kind}`);
    expect(response.status).toBe(200);
    expect(await row(`no-worker-${kind}`)).toMatchObject({ processedAt: null, attempts: 0 });

    const workers = await startWorkers({ redisUrl: redis.url, prefix: loadConfig().queuePrefix, db: app.database.db, producer: app.producer, shopifyAdmin: app.shopifyAdmin });
    try {
      const done = await waitFor(() => row(`no-worker-${kind}`), (r) => r?.processedAt != null);
      expect(done!.processedAt).not.toBeNull();
    } finally {
      await workers.close();
    }
    const [sale] = await app.database.db.select().from(transactions).where(eq(transactions.externalId, orderId(1)));
    expect(sale).toMatchObject({ amount: 3_000, attribution: { attributed: true } });
  });

  it("stores and acknowledges while Redis is down; the sweeper enqueues it once Redis is back", async () => {
    await redis.stop();
    const response = await post("orders/paid", shopifyOrderBody(2, { ref: "AVA", subtotal: "40.00" }), `redis-down-${kind}`);
    expect(response.status).toBe(200);
    expect(await row(`redis-down-${kind}`)).toMatchObject({ processedAt: null });

    await redis.start();
    await waitFor(async () => app.producer.connection.status, (status) => status === "ready");
    const swept = await sweepInboundEventsJob.handle({ olderThanSeconds: 0 }, context());
    expect(swept).toMatchObject({ enqueued: 1 });
    const storedId = (await row(`redis-down-${kind}`))!.id;
    const waiting = await app.producer.queue("ingest").getJobs(["waiting", "prioritized", "delayed"]);
    const job = waiting.find((j) => j.data.inboundEventId === storedId);
    expect(job).toBeDefined();
    await processInboundEventJob.handle(job!.data, context());
    expect((await row(`redis-down-${kind}`))!.processedAt).not.toBeNull();
  });

  // A cancellation before its order is parked now (issue 17), so the passing failure here is the database refusing
  // this buyer for a while (a constraint of the test's own, dropped to end the outage).
  it("abandons an event after its last attempt, lists it, and processes it on retry once the failure is gone", async () => {
    const outage = (on: boolean) =>
      app.database.db.execute(
        sql.raw(on ? "alter table customers add constraint test_outage check (email_normalized is distinct from 'buyer3@example.com')" : "alter table customers drop constraint test_outage"),
      );
    await post("orders/paid", shopifyOrderBody(3, { ref: "AVA", subtotal: "10.00" }), `paid-3-${kind}`);
    const stored = (await row(`paid-3-${kind}`))!;
    await outage(true);
    await expect(processInboundEventJob.handle({ inboundEventId: stored.id }, context())).rejects.toThrow("Failed query");
    expect(await row(`paid-3-${kind}`)).toMatchObject({ attempts: 1, abandonedAt: null });
    await expect(processInboundEventJob.handle({ inboundEventId: stored.id }, { ...context(), isLastAttempt: true })).rejects.toThrow();

    const abandoned = await api("GET", "/api/v1/inbound-events?status=abandoned");
    expect(abandoned.body.data).toMatchObject([{ id: stored.id, topic: "orders/paid", status: "abandoned", attempts: 2, last_error: expect.stringContaining("test_outage") }]);
    expect(await processInboundEventJob.handle({ inboundEventId: stored.id }, context())).toEqual({ outcome: "abandoned" });

    await outage(false);
    const retried = await api("POST", `/api/v1/inbound-events/${stored.id}/retry`);
    expect(retried).toMatchObject({ status: 202, body: { status: "pending", queued: true } });
    expect(await processInboundEventJob.handle({ inboundEventId: stored.id }, context())).toEqual({ outcome: "processed" });
    expect((await api("GET", "/api/v1/inbound-events?status=processed")).body.data.map((e: { id: string }) => e.id)).toContain(stored.id);
    expect((await api("POST", `/api/v1/inbound-events/${stored.id}/retry`)).status).toBe(409);
    expect((await api("GET", "/api/v1/inbound-events?status=lost")).body.error.field).toBe("status");

    // The cancellation of an order not recorded yet is held (processed), not retried until abandoned.
    const cancelled = JSON.parse(shopifyFixtureBody("orders_cancelled"));
    cancelled.admin_graphql_api_id = `gid://shopify/Order/${orderId(4)}`;
    await post("orders/cancelled", JSON.stringify(cancelled), `cancel-4-${kind}`);
    expect(await processInboundEventJob.handle({ inboundEventId: (await row(`cancel-4-${kind}`))!.id }, context())).toEqual({ outcome: "processed" });
    expect(await row(`cancel-4-${kind}`)).toMatchObject({ attempts: 1, abandonedAt: null, lastError: null, processedAt: expect.any(Date) });
  });

  // The CLI is a separate process: it can share PostgreSQL with the app, not an in-memory PGlite.
  it.runIf(kind === "postgres")("replays a shop's events from the CLI, changing nothing already applied", async () => {
    const before = await app.database.db.select().from(transactions);
    const result = await runCli(["events", "replay", "--shop", SHOP], { DATABASE_URL: databaseUrl, REDIS_URL: redis.url, QUEUE_PREFIX: loadConfig().queuePrefix });
    expect(result.code).toBe(0);
    const printed = JSON.parse(result.stdout.trim().split("\n").at(-1)!);
    expect(printed).toMatchObject({ shop: SHOP, enqueued: printed.replayed });
    expect(printed.replayed).toBeGreaterThanOrEqual(4);
    const pending = await api("GET", "/api/v1/inbound-events?status=pending&limit=250");
    expect(pending.body.data).toHaveLength(printed.replayed);
    for (const event of pending.body.data) await processInboundEventJob.handle({ inboundEventId: event.id }, context());
    expect((await api("GET", "/api/v1/inbound-events?status=pending")).body.data).toEqual([]);
    const after = await app.database.db.select().from(transactions);
    expect(after.map((t) => [t.externalId, t.amount, t.partnerId]).sort()).toEqual(before.map((t) => [t.externalId, t.amount, t.partnerId]).sort());
  });
});
