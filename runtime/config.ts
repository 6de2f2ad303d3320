import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { z } from "zod";
import type { DatabaseTarget } from "../db/client";

const optionalText = z
  .string()
  .trim()
  .transform((value) => (value === "" ? undefined : value))
  .optional();

const retentionDays = z.preprocess(
  (value) => (typeof value === "string" && value.trim() === "" ? undefined : value),
  z.coerce
    .number({ message: "INBOUND_PAYLOAD_RETENTION_DAYS must be a whole number of days" })
    .int("INBOUND_PAYLOAD_RETENTION_DAYS must be a whole number of days")
    .min(1, "INBOUND_PAYLOAD_RETENTION_DAYS must be at least 1")
    .max(3650, "INBOUND_PAYLOAD_RETENTION_DAYS must be at most 3650")
    .default(30),
);

const EnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  SHOPIFY_API_KEY: optionalText,
  SHOPIFY_API_SECRET: optionalText,
  SHOPIFY_APP_URL: optionalText.pipe(z.url({ message: "SHOPIFY_APP_URL must be a URL like https://hub.example.com" }).optional()),
  SCOPES: z
    .string()
    .default(
      "read_orders,read_customers,read_discounts,write_discounts,read_products,write_app_proxy,write_store_credit_account_transactions",
    ),
  DATABASE_URL: optionalText.pipe(
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, "DATABASE_URL must start with postgres:// or postgresql://")
      .optional(),
  ),
  REDIS_URL: z
    .string()
    .default("redis://127.0.0.1:6379")
    .pipe(z.string().regex(/^rediss?:\/\//, "REDIS_URL must start with redis:// or rediss://")),
  PORT: z.coerce.number().int().min(1).max(65_535).default(3000),
  DATA_DIR: z.string().default(".data"),
  INBOUND_PAYLOAD_RETENTION_DAYS: retentionDays,
  QUEUE_PREFIX: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, "QUEUE_PREFIX must be 1-40 letters, digits, _ or -").default("affiliate-hub"),
});

export type Environment = Record<string, string | undefined>;

export interface AppConfig {
  nodeEnv: "development" | "production" | "test";
  /** Local mode: no Shopify credentials; a generated secret stands in for the app secret. */
  localMode: boolean;
  shopify: { apiKey: string; apiSecret: string; appUrl: string; scopes: string[] };
  database: DatabaseTarget;
  redisUrl: string;
  /** BullMQ key prefix: apps sharing one Redis keep their queues apart. */
  queuePrefix: string;
  port: number;
  dataDir: string;
  /** Days a processed or ignored webhook keeps its payload before the prune job sets it to null. */
  inboundPayloadRetentionDays: number;
}

export class ConfigError extends Error {
  override name = "ConfigError";
}

/** Reads and validates the environment once. Throws ConfigError naming every variable that is wrong or missing. */
export function loadConfig(env: Environment = process.env): AppConfig {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration: ${problems.join("; ")}`);
  }
  const e = parsed.data;
  const dataDir = resolve(e.DATA_DIR);
  if (e.NODE_ENV === "production") {
    const missing = (["SHOPIFY_API_KEY", "SHOPIFY_API_SECRET", "SHOPIFY_APP_URL", "DATABASE_URL"] as const).filter(
      (name) => !e[name],
    );
    if (missing.length > 0) {
      throw new ConfigError(`NODE_ENV=production needs ${missing.join(", ")}: set ${missing.length > 1 ? "them" : "it"} and start again`);
    }
  }
  const partialCredentials = [e.SHOPIFY_API_KEY, e.SHOPIFY_API_SECRET].filter(Boolean).length === 1;
  if (partialCredentials) throw new ConfigError("Set both SHOPIFY_API_KEY and SHOPIFY_API_SECRET, or neither for local mode");
  const localMode = !e.SHOPIFY_API_KEY;
  const appUrl = e.SHOPIFY_APP_URL ?? `http://localhost:${e.PORT}`;
  return {
    nodeEnv: e.NODE_ENV,
    localMode,
    shopify: {
      apiKey: e.SHOPIFY_API_KEY ?? "local-affiliate-hub",
      apiSecret: e.SHOPIFY_API_SECRET ?? localSecret(dataDir),
      appUrl,
      scopes: e.SCOPES.split(",").map((s) => s.trim()).filter(Boolean),
    },
    database: e.DATABASE_URL ? { kind: "postgres", url: e.DATABASE_URL } : { kind: "pglite", dataDir: join(dataDir, "pglite") },
    redisUrl: e.REDIS_URL,
    queuePrefix: e.QUEUE_PREFIX,
    port: e.PORT,
    dataDir,
    inboundPayloadRetentionDays: e.INBOUND_PAYLOAD_RETENTION_DAYS,
  };
}

/**
 * INBOUND_PAYLOAD_RETENTION_DAYS alone, for the prune job in a worker (validated like loadConfig, which already
 * refused a wrong value at start).
 */
export function inboundPayloadRetentionDays(env: Environment = process.env): number {
  const parsed = retentionDays.safeParse(env.INBOUND_PAYLOAD_RETENTION_DAYS);
  if (!parsed.success) throw new ConfigError(`Invalid configuration: INBOUND_PAYLOAD_RETENTION_DAYS: ${parsed.error.issues[0]!.message}`);
  return parsed.data;
}

/** The local-mode app secret: generated once, kept in DATA_DIR so HMACs computed by hand stay valid across restarts. */
export function localSecret(dataDir: string): string {
  const file = join(dataDir, "local-secret");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(24).toString("hex");
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}
