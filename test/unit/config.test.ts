import { randomBytes } from "node:crypto";
import { chmodSync, mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, configVariables, loadConfig } from "../../runtime/config";

const dataDir = () => mkdtempSync(join(tmpdir(), "ah-config-"));

describe("loadConfig", () => {
  it("defaults to local mode, embedded PGlite in DATA_DIR, local Redis and port 3000", () => {
    const dir = dataDir();
    const config = loadConfig({ DATA_DIR: dir });
    expect(config.localMode).toBe(true);
    expect(config.database).toEqual({ kind: "pglite", dataDir: join(dir, "pglite") });
    expect(config.redisUrl).toBe("redis://127.0.0.1:6379");
    expect(config.port).toBe(3000);
    expect(config.shopify.appUrl).toBe("http://localhost:3000");
    expect(config.shopify.scopes).toContain("write_app_proxy");
  });

  it("generates the local secret once and keeps it in DATA_DIR", () => {
    const dir = dataDir();
    const first = loadConfig({ DATA_DIR: dir }).shopify.apiSecret;
    expect(first).toMatch(/^[0-9a-f]{48}$/);
    expect(readFileSync(join(dir, "local-secret"), "utf8").trim()).toBe(first);
    expect(loadConfig({ DATA_DIR: dir }).shopify.apiSecret).toBe(first);
  });

  it("uses Shopify credentials and PostgreSQL when given", () => {
    const config = loadConfig({
      DATA_DIR: dataDir(),
      SHOPIFY_API_KEY: "key",
      SHOPIFY_API_SECRET: "secret",
      SHOPIFY_APP_URL: "https://hub.example.com",
      DATABASE_URL: "postgres://u:p@db:5432/hub",
      PORT: "8080",
    });
    expect(config.localMode).toBe(false);
    expect(config.shopify).toMatchObject({ apiKey: "key", apiSecret: "secret", appUrl: "https://hub.example.com" });
    expect(config.database).toEqual({ kind: "postgres", url: "postgres://u:p@db:5432/hub" });
    expect(config.port).toBe(8080);
  });

  it.each([
    [{ NODE_ENV: "production" }, "NODE_ENV=production needs SHOPIFY_API_KEY, SHOPIFY_API_SECRET, SHOPIFY_APP_URL, DATABASE_URL, ENCRYPTION_KEY"],
    [
      { NODE_ENV: "production", SHOPIFY_API_KEY: "k", SHOPIFY_API_SECRET: "s", SHOPIFY_APP_URL: "https://x.example.com" },
      "NODE_ENV=production needs DATABASE_URL, ENCRYPTION_KEY",
    ],
    [{ REDIS_URL: "localhost:6379" }, "REDIS_URL: REDIS_URL must start with redis://"],
    [{ DATABASE_URL: "mysql://x" }, "DATABASE_URL: DATABASE_URL must start with postgres://"],
    [{ PORT: "70000" }, "PORT:"],
    [{ SHOPIFY_APP_URL: "not a url" }, "SHOPIFY_APP_URL"],
    [{ SHOPIFY_API_KEY: "only-key" }, "Set both SHOPIFY_API_KEY and SHOPIFY_API_SECRET"],
  ])("rejects %o naming what is wrong", (env, message) => {
    expect(() => loadConfig({ DATA_DIR: dataDir(), ...env })).toThrow(ConfigError);
    expect(() => loadConfig({ DATA_DIR: dataDir(), ...env })).toThrow(message);
  });
});

describe("encryption key and DATA_DIR", () => {
  const key = () => randomBytes(32).toString("base64");

  it("generates the encryption key once in local mode, kept 0600 in a 0700 DATA_DIR", () => {
    const dir = join(dataDir(), "nested", ".data");
    const first = loadConfig({ DATA_DIR: dir }).encryption.key;
    expect(first).toHaveLength(32);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(join(dir, "encryption-key")).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, "local-secret")).mode & 0o777).toBe(0o600);
    expect(loadConfig({ DATA_DIR: dir }).encryption.key.equals(first)).toBe(true);
  });

  it("tightens an existing DATA_DIR that others could read", () => {
    const dir = dataDir();
    chmodSync(dir, 0o755);
    loadConfig({ DATA_DIR: dir });
    expect(statSync(dir).mode & 0o777).toBe(0o700);
  });

  it("takes ENCRYPTION_KEY and ENCRYPTION_KEY_PREVIOUS as base64 of 32 bytes", () => {
    const [current, previous] = [key(), key()];
    const config = loadConfig({ DATA_DIR: dataDir(), ENCRYPTION_KEY: current, ENCRYPTION_KEY_PREVIOUS: previous });
    expect(config.encryption.key.toString("base64")).toBe(current);
    expect(config.encryption.previousKey?.toString("base64")).toBe(previous);
  });

  it.each([
    [{ ENCRYPTION_KEY: "short" }, "ENCRYPTION_KEY: ENCRYPTION_KEY must be the base64 of 32 random bytes"],
    [{ ENCRYPTION_KEY_PREVIOUS: randomBytes(16).toString("base64") }, "ENCRYPTION_KEY_PREVIOUS: ENCRYPTION_KEY_PREVIOUS must be the base64"],
    [
      { NODE_ENV: "production", SHOPIFY_API_KEY: "k", SHOPIFY_API_SECRET: "s", SHOPIFY_APP_URL: "https://x.example.com", DATABASE_URL: "postgres://db/x" },
      "NODE_ENV=production needs ENCRYPTION_KEY: set it and start again",
    ],
  ])("rejects %o naming the variable", (env, message) => {
    expect(() => loadConfig({ DATA_DIR: dataDir(), ...env })).toThrow(message);
  });
});

describe("test environment (test/helpers/setup.ts)", () => {
  it("removed every variable the app reads but those the harness sets", () => {
    const leaked = configVariables.filter((name) => process.env[name] !== undefined && !["DATA_DIR", "NODE_ENV", "QUEUE_PREFIX"].includes(name));
    expect(leaked).toEqual([]);
    expect(configVariables).toEqual(expect.arrayContaining(["SHOPIFY_APP_URL", "DATABASE_URL", "ENCRYPTION_KEY", "REDIS_URL", "PORT", "SCOPES"]));
  });
});
