import type { Environment } from "../../runtime/config";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { openDatabase } from "../../db/client";
import { apiKeys, partners, programs } from "../../db/schema/index";
import { hashApiKey } from "../../domain/access/create-api-key";
import { loadConfig } from "../../runtime/config";
import { startApp, type RunningApp } from "../../runtime/start";
import { createPostgresDatabase } from "../helpers/databases";
import { runCli, runCliProcess } from "../helpers/processes";
import { TEST_REDIS_URL } from "../helpers/redis-server";

// Demo seeding, and the two cases that start the bin (Node, then Node and tsx), can pass 30 s on a busy machine.
vi.setConfig({ testTimeout: 90_000 });

const lastLine = (text: string) => text.trimEnd().split("\n").at(-1)!;

/** The same command contract whichever way the CLI reaches the database. */
function cliContract(env: () => Environment, verifyKeyStored: (key: string) => Promise<boolean>) {
  it("creates a shop and prints it as one JSON line", async () => {
    const result = await runCli(["shops", "create", "--domain", "acme.myshopify.com"], env());
    expect(result.code).toBe(0);
    expect(JSON.parse(lastLine(result.stdout))).toMatchObject({ domain: "acme.myshopify.com", currency: "USD" });
  });

  it("refuses a duplicate shop with a one-line reason and exit 1", async () => {
    const result = await runCli(["shops", "create", "--domain", "acme.myshopify.com"], env());
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe("error: shop acme.myshopify.com already exists");
  });

  it("prints a new API key alone on the last line, stored only as a hash", async () => {
    const result = await runCli(["api-keys", "create", "--shop", "acme.myshopify.com"], env());
    expect(result.code).toBe(0);
    const key = lastLine(result.stdout);
    expect(key).toMatch(/^ahk_[A-Za-z0-9_-]{32}$/);
    expect(result.stdout).toContain("shown once");
    expect(await verifyKeyStored(key)).toBe(true);
  });

  it("lists the shop's API keys as JSON lines without secrets, and revokes one by id", async () => {
    const listed = await runCli(["api-keys", "list", "--shop", "acme.myshopify.com"], env());
    expect(listed.code).toBe(0);
    const keys = listed.stdout.trim().split("\n").map((l) => JSON.parse(l) as Record<string, string | null>);
    expect(keys).toHaveLength(1);
    expect(Object.keys(keys[0]!)).toEqual(["id", "name", "prefix", "created_at", "last_used_at", "revoked_at"]);
    expect(keys[0]!.prefix).toMatch(/^ahk_.{6}$/);
    const revoked = await runCli(["api-keys", "revoke", "--shop", "acme.myshopify.com", "--id", keys[0]!.id!], env());
    expect(revoked.code).toBe(0);
    expect(JSON.parse(lastLine(revoked.stdout))).toMatchObject({ id: keys[0]!.id, revoked_at: expect.any(String) });
  });

  it("refuses to revoke an unknown key with exit 1 and one line", async () => {
    const unknown = await runCli(["api-keys", "revoke", "--shop", "acme.myshopify.com", "--prefix", "ahk_nope00"], env());
    expect(unknown.code).toBe(1);
    expect(unknown.stderr.trim()).toBe("error: API key not found");
  });

  it("creates a provider connection and prints id ... webhook_url as one JSON line", async () => {
    const result = await runCli(
      ["connections", "create", "--shop", "acme.myshopify.com", "--provider", "stripe", "--secret", "whsec_test_secret"],
      env(),
    );
    expect(result.code).toBe(0);
    const line = JSON.parse(lastLine(result.stdout)) as Record<string, string>;
    expect(Object.keys(line)[0]).toBe("id");
    expect(Object.keys(line).at(-1)).toBe("webhook_url");
    expect(line.webhook_url).toBe(`http://localhost:3000/webhooks/billing/stripe/${line.id}`);
    expect(result.stdout).not.toContain("whsec_test_secret");
  });

  it("re-encrypts stored secrets with secrets rotate, printing counts", async () => {
    const result = await runCli(["secrets", "rotate"], env());
    expect(result.code).toBe(0);
    expect(JSON.parse(lastLine(result.stdout))).toEqual({ provider_connections: 0, shopify_sessions: 0, webhook_endpoints: 0, already_current: 1 });
  });

  it("seeds the demo shop once", async () => {
    const first = await runCli(["demo", "seed"], env());
    expect(first.code).toBe(0);
    expect(first.stdout).toContain("3 programs, 11 partners");
    expect(first.stdout).toMatch(/90 days of activity: \d+ clicks, \d+ customers, \d+ orders, \d+ refunds/);
    const second = await runCli(["demo", "seed"], env());
    expect(second.stdout).toContain("already exists");
  });
}

describe("CLI against PostgreSQL (DATABASE_URL)", () => {
  let database: Awaited<ReturnType<typeof createPostgresDatabase>>;
  beforeAll(async () => {
    database = await createPostgresDatabase();
  });
  afterAll(() => database.drop());
  cliContract(
    () => ({ DATABASE_URL: database.url }),
    async (key) => {
      const handle = await openDatabase({ kind: "postgres", url: database.url });
      const rows = await handle.db.select().from(apiKeys).where(eq(apiKeys.secretHash, hashApiKey(key)));
      await handle.close();
      return rows.length === 1;
    },
  );

  // Command logic is the same on every transport; its failures are checked once, here.
  const env = () => ({ DATABASE_URL: database.url });
  it.each([
    [["connections", "create", "--shop", "acme.myshopify.com", "--provider", "braintree", "--secret", "12345678"], "error: provider must be one of stripe, paddle, chargebee, generic"],
    [["api-keys", "create", "--shop", "nobody.myshopify.com"], "error: shop nobody.myshopify.com not found"],
    [["api-keys", "create"], "error: --shop is required"],
    [["shops", "create", "--domain", "not a domain"], "error: domain must look like your-store.myshopify.com"],
    [["frobnicate"], 'error: unknown command "frobnicate"'],
  ])("fails %j with a one-line reason", async (args, reason) => {
    const result = await runCli(args, env());
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(result.stderr.trim()).toContain(reason);
  });
});

describe("CLI against a stopped app's embedded PGlite", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "ah-cli-stopped-"));
  cliContract(
    () => ({ DATA_DIR: dataDir }),
    async (key) => {
      const handle = await openDatabase({ kind: "pglite", dataDir: join(dataDir, "pglite") });
      const rows = await handle.db.select().from(apiKeys).where(eq(apiKeys.secretHash, hashApiKey(key)));
      await handle.close();
      return rows.length === 1;
    },
  );
});

describe("CLI against a running app that owns its embedded PGlite", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "ah-cli-running-"));
  let app: RunningApp;
  beforeAll(async () => {
    const config = { ...loadConfig({ ...process.env, DATA_DIR: dataDir }), redisUrl: TEST_REDIS_URL };
    app = await startApp({ config, web: true, worker: false, port: 0, log: () => undefined });
  });
  afterAll(() => app?.close());
  cliContract(
    () => ({ DATA_DIR: dataDir }),
    async (key) => {
      const rows = await app.database.db.select().from(apiKeys).where(eq(apiKeys.secretHash, hashApiKey(key)));
      return rows.length === 1;
    },
  );

  it("wrote the demo data into the running app's database", async () => {
    const seeded = await app.database.db.select().from(programs);
    expect(seeded.map((p) => p.type).sort()).toEqual(["affiliate", "newsletter", "referral"]);
    const withKeys = await app.database.db.select().from(partners).where(eq(partners.key, "AVA"));
    expect(withKeys).toHaveLength(1);
  });

  it("the affiliate-hub bin, as a real process, has the running app run its command and prints the answer", async () => {
    const result = await runCliProcess(["shops", "create", "--domain", "bin.myshopify.com"], { DATA_DIR: dataDir });
    expect(result.code).toBe(0);
    expect(JSON.parse(lastLine(result.stdout))).toMatchObject({ domain: "bin.myshopify.com", currency: "USD" });
  });

  it("the affiliate-hub bin, as a real process, exits 1 with a one-line reason", async () => {
    const result = await runCliProcess(["frobnicate"], { DATA_DIR: dataDir });
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(result.stderr.trim()).toContain('error: unknown command "frobnicate"');
  });
});
