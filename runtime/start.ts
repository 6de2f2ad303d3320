import { randomBytes } from "node:crypto";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { shopifyAdminOfApp } from "../connectors/shopify/admin-client";
import type { ShopifyAdmin } from "../connectors/shopify/admin-client";
import { openDatabase, type DatabaseHandle } from "../db/client";
import { setCurrentDatabase } from "../db/current";
import { migrateDatabase } from "../db/migrate";
import { isDatabaseEmpty, seedDemo } from "../domain/demo/seed-demo";
import { assertRedisReachable, createProducerConnection, redisUnavailableMessage } from "../jobs/connection";
import { setCurrentProducer } from "../jobs/current";
import { JobProducer } from "../jobs/producer";
import { startWorkers, type RunningWorkers } from "../jobs/worker";
import { createCliRunner } from "../cli/run";
import { secretBoxOf, type AppConfig } from "./config";
import { setCurrentSecretBox } from "./current-secret-box";
import { createMailTransport } from "./mailer/create-mail-transport";
import { setCurrentMailer } from "./mailer/current-mailer";
import { loadServerBuild, startHttpServer } from "./http-server";
import { readLiveLock, removeLock, writeLock } from "./process-lock";

export interface StartOptions {
  config: AppConfig;
  web: boolean;
  worker: boolean;
  /** Overrides config.port; 0 picks a free port (tests). */
  port?: number;
  /** Seed the demo shop when the database is empty in local mode (npm start). */
  seedWhenEmpty?: boolean;
  log?: (line: string) => void;
}

export interface RunningApp {
  port: number;
  url: string;
  database: DatabaseHandle;
  producer: JobProducer;
  /** The Admin API client the workers of this process use. */
  shopifyAdmin: ShopifyAdmin;
  close(): Promise<void>;
}

async function waitUntilReady(producer: JobProducer, redisUrl: string, timeoutMs: number): Promise<void> {
  const connection = producer.connection;
  if (connection.status === "ready") return;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(redisUnavailableMessage(redisUrl, "not ready in time"))), timeoutMs);
    connection.once("ready", () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** Boots the app: Redis check, database open and migrate, producer, web server and/or workers. */
export async function startApp(options: StartOptions): Promise<RunningApp> {
  const { config } = options;
  const log = options.log ?? ((line: string) => console.log(line));
  await assertRedisReachable(config.redisUrl, 3_000);

  const embedded = config.database.kind === "pglite" && config.database.dataDir !== null;
  if (embedded) {
    const owner = readLiveLock(config.dataDir);
    if (owner) throw new Error(`Another Affiliate Hub process (pid ${owner.pid}) owns ${config.dataDir}; stop it first`);
  }
  const database = await openDatabase(config.database);
  const closers: Array<() => Promise<void>> = [() => database.close()];
  try {
    await migrateDatabase(database);
    setCurrentDatabase(database);
    setCurrentSecretBox(secretBoxOf(config));
    const mailer = createMailTransport(config, log);
    setCurrentMailer(mailer);
    closers.unshift(async () => mailer.close());
    if (config.localMode && options.seedWhenEmpty && (await isDatabaseEmpty(database.db))) {
      const seeded = await seedDemo(database.db, secretBoxOf(config));
      log(`Seeded demo shop ${seeded.shopDomain}: ${seeded.programs} programs, ${seeded.partners} partners`);
    }
    const producer = new JobProducer(createProducerConnection(config.redisUrl), config.queuePrefix);
    closers.unshift(() => producer.close());
    await waitUntilReady(producer, config.redisUrl, 3_000);
    setCurrentProducer(producer);

    const secretBox = secretBoxOf(config);
    const { admin: shopifyAdmin } = shopifyAdminOfApp(config.shopify, () => database.db, () => secretBox);
    let workers: RunningWorkers | undefined;
    if (options.worker) {
      // PGlite runs one statement at a time and queues the rest, a webhook's insert behind every job's transaction
      // waiting before it: one job at a time per queue keeps receipt fast and loses nothing but overlapped Redis trips.
      const concurrency = config.database.kind === "pglite" ? 1 : undefined;
      workers = await startWorkers({ redisUrl: config.redisUrl, prefix: config.queuePrefix, db: database.db, producer, shopifyAdmin, localMode: config.localMode, concurrency });
      closers.unshift(() => workers!.close());
    }
    let server: Server | undefined;
    let port = 0;
    if (options.web) {
      const token = randomBytes(24).toString("hex");
      server = await startHttpServer({
        build: await loadServerBuild(),
        port: options.port ?? config.port,
        cli: embedded ? { token, run: createCliRunner(() => ({ db: database.db, config })) } : undefined,
      });
      port = (server.address() as AddressInfo).port;
      closers.unshift(() => new Promise<void>((resolve) => server!.close(() => resolve())));
      server.closeIdleConnections?.();
      if (embedded) {
        writeLock(config.dataDir, { pid: process.pid, port, token });
        closers.unshift(async () => removeLock(config.dataDir));
      }
    }
    const roles = [options.web && "web", options.worker && "workers"].filter(Boolean).join(" + ");
    log(`Affiliate Hub ${roles} started (database: ${database.label})${server ? ` on http://localhost:${port}` : ""}`);
    if (config.localMode && options.web) {
      log(`Local mode: no SHOPIFY_API_KEY/SHOPIFY_API_SECRET set; local app secret (kept in ${config.dataDir}/local-secret): ${config.shopify.apiSecret}`);
    }
    if (!config.mail.smtpUrl && options.worker) log(`SMTP_URL is not set: emails are written to ${config.dataDir}/outbox, not sent`);
    let closed = false;
    return {
      port,
      url: `http://127.0.0.1:${port}`,
      database,
      producer,
      shopifyAdmin,
      async close() {
        if (closed) return;
        closed = true;
        server?.closeAllConnections?.();
        for (const close of closers) await close();
        setCurrentDatabase(undefined);
        setCurrentSecretBox(undefined);
        setCurrentMailer(undefined);
        setCurrentProducer(undefined);
      },
    };
  } catch (error) {
    for (const close of closers) await close().catch(() => undefined);
    throw error;
  }
}
