import type { Environment } from "../../runtime/config";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createPostgresDatabase } from "../helpers/databases";
import { runTs, startTs } from "../helpers/processes";
import { freePort } from "../helpers/redis-server";

// Each case starts Node and tsx processes, which a busy machine can slow well past the default 30 s.
vi.setConfig({ testTimeout: 90_000 });

async function startAndProbe(env: Environment) {
  const port = await freePort();
  const server = startTs("server.ts", [], { ...env, PORT: String(port) }, /started \(database: .*\) on http/, 60_000);
  try {
    await server.started;
    const response = await fetch(`http://127.0.0.1:${port}/healthz`);
    return { status: response.status, body: await response.json(), output: server.output() };
  } finally {
    server.child.kill("SIGTERM");
    expect(await server.exited).toBe(0);
  }
}

describe("npm start (server.ts: web and workers in one process)", () => {
  it("starts on embedded PGlite with no DATABASE_URL, seeds the demo shop and answers /healthz 200", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "ah-start-"));
    const result = await startAndProbe({ DATA_DIR: dataDir });
    expect(result.status).toBe(200);
    expect(result.body).toEqual({ status: "ok", db: "ok", redis: "ok" });
    expect(result.output).toContain("Seeded demo shop affiliate-hub-demo.myshopify.com");
    expect(result.output).toMatch(/Local mode: .*local app secret .*: [0-9a-f]{48}/);
  });

  describe("with DATABASE_URL", () => {
    let database: Awaited<ReturnType<typeof createPostgresDatabase>>;
    beforeAll(async () => {
      database = await createPostgresDatabase();
    });
    afterAll(() => database.drop());

    it("starts on PostgreSQL and answers /healthz 200", async () => {
      const result = await startAndProbe({ DATA_DIR: mkdtempSync(join(tmpdir(), "ah-start-pg-")), DATABASE_URL: database.url });
      expect(result.status).toBe(200);
      expect(result.output).toContain("database: postgresql://postgres@127.0.0.1:5432/");
    });
  });

  it("exits within 5 s naming REDIS_URL and how to start Redis when Redis is unreachable", async () => {
    const port = await freePort();
    const result = await runTs("server.ts", [], { DATA_DIR: mkdtempSync(join(tmpdir(), "ah-noredis-")), REDIS_URL: `redis://127.0.0.1:${port}` }, 5_000);
    expect(result.killed).toBe(false);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`REDIS_URL=redis://127.0.0.1:${port}`);
    expect(result.stderr).toContain("redis-server --daemonize yes");
  });

  it("refuses to start in production without real credentials and DATABASE_URL, naming them", async () => {
    const result = await runTs("server.ts", [], { NODE_ENV: "production", SHOPIFY_API_KEY: "k", SHOPIFY_API_SECRET: "s" }, 20_000);
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe("NODE_ENV=production needs SHOPIFY_APP_URL, DATABASE_URL, ENCRYPTION_KEY: set them and start again");
  });
});
