import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";
import { openDatabase, type Database, type DatabaseHandle, type DatabaseTarget } from "../../db/client";
import { migrateDatabase } from "../../db/migrate";
import { createPostgresDatabase } from "../../test/helpers/databases";
import { childEnv, projectRoot } from "../../test/helpers/processes";
import { freePort, TEST_REDIS_URL } from "../../test/helpers/redis-server";

export interface AppProcessOptions {
  /** postgres: a fresh database on TEST_DATABASE_URL's server; pglite: the embedded default in a fresh DATA_DIR. */
  database: "postgres" | "pglite";
  /** web: `server.ts --web` (npm run start:web); all: web + workers in one process (npm start). */
  roles: "web" | "all";
  /** Runs on the migrated, empty database before the server opens it (PGlite allows one process per data dir). */
  prepare?: (db: Database) => Promise<void>;
  /** Extra Node flags for the server process, e.g. ["--cpu-prof", "--cpu-prof-dir=bench/profiles"]. */
  nodeArgs?: string[];
  /** Overrides, e.g. NODE_ENV=production (allowed with postgres: it needs DATABASE_URL, which the harness sets). */
  env?: Record<string, string>;
  readyTimeoutMs?: number;
}

export interface AppProcess {
  url: string;
  pid: number;
  /** SHOPIFY_API_SECRET of the server: what Shopify signs webhooks with. */
  shopifySecret: string;
  queuePrefix: string;
  redisUrl: string;
  /** What the server printed so far (stdout and stderr). */
  output(): string;
  /** The server's database; PostgreSQL can be read while it runs, PGlite only through stop's `inspect`. */
  database: DatabaseTarget;
  /**
   * SIGTERM, wait for a clean exit (SIGKILL after 20 s), run `inspect` on the database the server left, then drop
   * the database, data dir and queue keys. Resolves to the exit code.
   */
  stop(options?: { inspect?: (db: Database) => Promise<void> }): Promise<number | null>;
}

const exitOf = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
    else child.once("exit", (code) => resolve(code));
  });

async function waitForHealthz(url: string, child: ChildProcess, timeoutMs: number, output: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode} before /healthz answered:\n${output()}`);
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`/healthz did not answer 200 within ${timeoutMs} ms:\n${output()}`);
}

async function withDatabase(target: DatabaseTarget, use: (db: Database, handle: DatabaseHandle) => Promise<void>): Promise<void> {
  const handle = await openDatabase(target);
  try {
    await use(handle.db, handle);
  } finally {
    await handle.close();
  }
}

async function deleteQueueKeys(redisUrl: string, prefix: string): Promise<void> {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  try {
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 1000);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== "0");
  } finally {
    redis.disconnect();
  }
}

/**
 * The real server (server.ts, through `node --import tsx`, so --cpu-prof profiles the server itself) as a child
 * process on a fresh database, a free port and its own queue prefix; resolves once /healthz answers 200.
 * Needs `npm run build` first (the server loads build/index.js).
 */
export async function startAppProcess(options: AppProcessOptions): Promise<AppProcess> {
  if (!existsSync(join(projectRoot, "build/index.js"))) throw new Error("No Remix build: run npm run build first");
  const dataDir = mkdtempSync(join(tmpdir(), "ah-bench-"));
  const postgres = options.database === "postgres" ? await createPostgresDatabase() : undefined;
  const target: DatabaseTarget = postgres ? { kind: "postgres", url: postgres.url } : { kind: "pglite", dataDir: join(dataDir, "pglite") };
  const cleanUpStorage = async () => {
    await postgres?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  };
  const shopifySecret = randomBytes(24).toString("hex");
  const queuePrefix = `bench-${randomBytes(4).toString("hex")}`;
  const redisUrl = options.env?.REDIS_URL ?? TEST_REDIS_URL;
  let child: ChildProcess;
  let log = "";
  try {
    await withDatabase(target, async (db, handle) => {
      await migrateDatabase(handle);
      await options.prepare?.(db);
    });
    const port = await freePort();
    const env = {
      NODE_ENV: "development",
      ENCRYPTION_KEY: randomBytes(32).toString("base64"),
      SHOPIFY_API_KEY: "bench-app",
      SHOPIFY_API_SECRET: shopifySecret,
      SHOPIFY_APP_URL: `http://127.0.0.1:${port}`,
      DATA_DIR: dataDir,
      PORT: String(port),
      REDIS_URL: redisUrl,
      QUEUE_PREFIX: queuePrefix,
      ...(postgres ? { DATABASE_URL: postgres.url } : {}),
      ...options.env,
    };
    const args = [...(options.nodeArgs ?? []), "--import", "tsx", "server.ts", ...(options.roles === "web" ? ["--web"] : [])];
    child = spawn(process.execPath, args, { cwd: projectRoot, env: childEnv(env), stdio: ["ignore", "pipe", "pipe"] });
    child.stdout!.on("data", (d) => (log += d));
    child.stderr!.on("data", (d) => (log += d));
    const url = `http://127.0.0.1:${port}`;
    try {
      await waitForHealthz(url, child, options.readyTimeoutMs ?? 90_000, () => log);
    } catch (error) {
      child.kill("SIGKILL");
      await exitOf(child);
      throw error;
    }
    let stopped: Promise<number | null> | undefined;
    return {
      url,
      pid: child.pid!,
      shopifySecret,
      queuePrefix,
      redisUrl,
      output: () => log,
      database: target,
      stop(stopOptions) {
        stopped ??= (async () => {
          const exited = exitOf(child);
          child.kill("SIGTERM");
          const timer = setTimeout(() => child.kill("SIGKILL"), 20_000);
          const code = await exited;
          clearTimeout(timer);
          try {
            if (stopOptions?.inspect) await withDatabase(target, stopOptions.inspect);
          } finally {
            await cleanUpStorage();
          }
          await deleteQueueKeys(redisUrl, queuePrefix);
          return code;
        })();
        return stopped;
      },
    };
  } catch (error) {
    await cleanUpStorage();
    throw error;
  }
}
