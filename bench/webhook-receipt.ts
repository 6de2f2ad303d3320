import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { cpus, loadavg, tmpdir, totalmem } from "node:os";
import { count, isNotNull } from "drizzle-orm";
import pg from "pg";
import type { Database } from "../db/client";
import { commissions, inboundEvents } from "../db/schema/index";
import { createPartner } from "../domain/partners/create-partner";
import { createProgram } from "../domain/programs/create-program";
import { createShop } from "../domain/shops/create-shop";
import { basicProgram } from "../test/helpers/domain-fixture";
import { POSTGRES_ADMIN_URL } from "../test/helpers/databases";
import { startAppProcess, type AppProcess } from "./harness/app-process";
import { summarizeProfile } from "./harness/profile-summary";
import { formatLoad, runLoad, type LoadOptions, type LoadResult } from "./harness/load";
import type { OrdersPaidParams } from "./harness/shopify-orders-paid";
import type { BenchResult } from "./measure";

const SHOP = "bench-receipt.myshopify.com";
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const WARMUP_SECONDS = 3;
const MAX_CONNECTIONS = 16;

let runs = 0;
const ordersPaid = (app: AppProcess) => ({
  module: "bench/harness/shopify-orders-paid.ts",
  params: { shop: SHOP, secret: app.shopifySecret, runId: ++runs, ref: "BENCH" } satisfies OrdersPaidParams,
});
const bareRoute = { path: "/" };

/** A shop whose orders credit partner BENCH, so workers that run do a sale's real work. */
async function seedShop(db: Database): Promise<void> {
  const shop = await createShop(db, { domain: SHOP });
  const { program } = await createProgram(db, shop.id, { ...basicProgram, holdDays: 0 });
  await createPartner(db, shop.id, { programId: program.id, email: "bench@example.com", key: "BENCH", status: "active" });
}

const load1 = () => loadavg()[0]!.toFixed(1);

async function phase(label: string, options: LoadOptions, lines: string[]): Promise<LoadResult> {
  const before = load1();
  const result = await runLoad(options);
  const line = `${label}: ${formatLoad(result)} (load ${before} -> ${load1()})`;
  console.log(line);
  lines.push(line);
  return result;
}

async function postgresVersion(): Promise<string> {
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await client.connect();
  try {
    return ((await client.query("show server_version")).rows[0] as { server_version: string }).server_version;
  } finally {
    await client.end();
  }
}

async function storedCounts(db: Database) {
  const [stored] = await db.select({ n: count() }).from(inboundEvents);
  const [processed] = await db.select({ n: count() }).from(inboundEvents).where(isNotNull(inboundEvents.processedAt));
  const [credited] = await db.select({ n: count() }).from(commissions);
  return { stored: stored!.n, processed: processed!.n, commissions: credited!.n };
}

/** PostgreSQL, `server.ts --web`: max throughput of receipt vs the bare route, then latency at a fixed 500 req/s. */
async function postgresWebOnly(lines: string[], nodeArgs: string[]): Promise<BenchResult[]> {
  const app = await startAppProcess({ database: "postgres", roles: "web", prepare: seedShop, nodeArgs, env: { NODE_ENV: "production" } });
  let sent = 0;
  try {
    await runLoad({ url: app.url, request: bareRoute, connections: MAX_CONNECTIONS, durationSeconds: WARMUP_SECONDS });
    sent += (await runLoad({ url: app.url, request: ordersPaid(app), connections: MAX_CONNECTIONS, durationSeconds: WARMUP_SECONDS })).statusCodes["200"] ?? 0;
    const bare = await phase("PostgreSQL web only, GET / (302), max", { url: app.url, request: bareRoute, connections: MAX_CONNECTIONS, durationSeconds: SECONDS }, lines);
    const max = await phase("PostgreSQL web only, POST /webhooks/orders/paid, max", { url: app.url, request: ordersPaid(app), connections: MAX_CONNECTIONS, durationSeconds: SECONDS }, lines);
    const fixed = await phase("PostgreSQL web only, POST /webhooks/orders/paid at 500 req/s", { url: app.url, request: ordersPaid(app), connections: 50, durationSeconds: SECONDS, rate: 500 }, lines);
    sent += (max.statusCodes["200"] ?? 0) + (fixed.statusCodes["200"] ?? 0);
    const ratio = max.perSecond / bare.perSecond;
    lines.push(`receipt / bare route = ${(ratio * 100).toFixed(0)}% (goal >= 50%); p99 at 500 req/s = ${fixed.latency.p99} ms (goal < 50 ms)`);
    await app.stop({
      inspect: async (db) => {
        const counts = await storedCounts(db);
        // More rows than 200s: requests still in flight when a phase ended were stored but not counted.
        lines.push(`stored ${counts.stored} inbound events for ${sent} 200 answers (${counts.stored >= sent ? "every 200 has its row" : "ROWS MISSING"})`);
      },
    });
    return [
      { name: "GET / (302), PostgreSQL web only, load from its own process", operations: bare.requests, seconds: bare.seconds, perSecond: bare.perSecond },
      { name: `POST /webhooks/orders/paid, PostgreSQL web only (${(ratio * 100).toFixed(0)}% of GET /; p99 ${max.latency.p99} ms)`, operations: max.requests, seconds: max.seconds, perSecond: max.perSecond },
      { name: `POST /webhooks/orders/paid at 500 req/s, PostgreSQL web only (p50 ${fixed.latency.p50} ms, p99 ${fixed.latency.p99} ms)`, operations: fixed.requests, seconds: fixed.seconds, perSecond: fixed.perSecond },
    ];
  } finally {
    await app.stop();
  }
}

/** PGlite, `npm start` (web + workers in one process): latency at a fixed 50 req/s while the workers process the orders. */
async function pgliteDefault(lines: string[], nodeArgs: string[]): Promise<BenchResult[]> {
  const app = await startAppProcess({ database: "pglite", roles: "all", prepare: seedShop, nodeArgs });
  try {
    await runLoad({ url: app.url, request: bareRoute, connections: 10, durationSeconds: WARMUP_SECONDS, rate: 50 });
    const bare = await phase("PGlite npm start, GET / (302) at 50 req/s", { url: app.url, request: bareRoute, connections: 10, durationSeconds: SECONDS, rate: 50 }, lines);
    const fixed = await phase("PGlite npm start, POST /webhooks/orders/paid at 50 req/s, workers running", { url: app.url, request: ordersPaid(app), connections: 10, durationSeconds: SECONDS, rate: 50 }, lines);
    lines.push(`p99 at 50 req/s while workers run = ${fixed.latency.p99} ms (goal < 100 ms; bare route p99 ${bare.latency.p99} ms)`);
    await app.stop({
      inspect: async (db) => {
        const counts = await storedCounts(db);
        lines.push(`at stop: ${counts.stored} stored, ${counts.processed} processed, ${counts.commissions} commissions (workers ran during the load)`);
      },
    });
    return [
      { name: `POST /webhooks/orders/paid at 50 req/s, PGlite npm start with workers (p50 ${fixed.latency.p50} ms, p99 ${fixed.latency.p99} ms)`, operations: fixed.requests, seconds: fixed.seconds, perSecond: fixed.perSecond },
    ];
  } finally {
    await app.stop();
  }
}

export function machineLine(pgVersion: string): string {
  const git = execFileSync("git", ["rev-parse", "--short", "HEAD"], { encoding: "utf8" }).trim();
  return `${new Date().toISOString()}, commit ${git}: ${cpus().length} cores (${cpus()[0]?.model ?? "?"}), ${(totalmem() / 2 ** 30).toFixed(0)} GB RAM, PostgreSQL ${pgVersion} (fsync on), Node ${process.versions.node}, load average ${loadavg().map((l) => l.toFixed(1)).join(" ")}`;
}

/**
 * Webhook receipt against the real server in a child process, load from autocannon in another. Set
 * BENCH_CPU_PROF=dir to write the servers' CPU profiles there, BENCH_SECONDS to change each phase's length,
 * BENCH_ONLY=postgres|pglite to run one half.
 */
export async function benchWebhookReceipt(): Promise<BenchResult[]> {
  const lines = [machineLine(await postgresVersion())];
  console.log(lines[0]);
  const nodeArgs = process.env.BENCH_CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  const only = process.env.BENCH_ONLY;
  const results = [
    ...(only === "pglite" ? [] : await postgresWebOnly(lines, nodeArgs)),
    ...(only === "postgres" ? [] : await pgliteDefault(lines, nodeArgs)),
  ];
  lines.push(`load average at the end ${loadavg().map((l) => l.toFixed(1)).join(" ")}`);
  console.log(`\n${lines.map((l) => `- ${l}`).join("\n")}`);
  return results;
}

/** `--profile`: only receipt at max throughput (PostgreSQL, web only) under --cpu-prof, then its top costs. */
async function profileReceipt(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "ah-receipt-prof-"));
  const app = await startAppProcess({ database: "postgres", roles: "web", prepare: seedShop, nodeArgs: ["--cpu-prof", `--cpu-prof-dir=${dir}`], env: { NODE_ENV: "production" } });
  try {
    await runLoad({ url: app.url, request: ordersPaid(app), connections: MAX_CONNECTIONS, durationSeconds: WARMUP_SECONDS });
    const lines: string[] = [];
    await phase("profiled: POST /webhooks/orders/paid, max", { url: app.url, request: ordersPaid(app), connections: MAX_CONNECTIONS, durationSeconds: SECONDS }, lines);
  } finally {
    await app.stop();
  }
  const [file] = readdirSync(dir);
  console.log(`${join(dir, file!)} (warm-up and start included)`);
  for (const by of ["function", "place"] as const) {
    for (const row of summarizeProfile(join(dir, file!), by, 20)) console.log(`${(row.share * 100).toFixed(1).padStart(5)}%  ${row.name}`);
    console.log("");
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  if (process.argv.includes("--profile")) await profileReceipt();
  else await benchWebhookReceipt();
  process.exit(0);
}
