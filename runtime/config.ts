import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { z } from "zod";
import type { DatabaseTarget } from "../db/client";
import { SecretBox } from "../domain/access/secret-box";

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
const encryptionKey = (name: string) =>
  optionalText.pipe(
    z
      .string()
      .refine((v) => /^[A-Za-z0-9+/]{43}=$/.test(v) && Buffer.from(v, "base64").length === 32, `${name} must be the base64 of 32 random bytes (openssl rand -base64 32)`)
      .optional(),
  );

const EnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  SHOPIFY_API_KEY: optionalText,
  SHOPIFY_API_SECRET: optionalText,
  SHOPIFY_APP_URL: optionalText.pipe(z.url({ message: "SHOPIFY_APP_URL must be a URL like https://hub.example.com" }).optional()),
  SCOPES: z
    .string()
    .default(
      "read_orders,read_customers,read_discounts,write_discounts,read_products,read_locales,write_app_proxy,write_store_credit_account_transactions",
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
  ENCRYPTION_KEY: encryptionKey("ENCRYPTION_KEY"),
  ENCRYPTION_KEY_PREVIOUS: encryptionKey("ENCRYPTION_KEY_PREVIOUS"),
  SMTP_URL: optionalText.pipe(
    z
      .string()
      .regex(/^smtps?:\/\/[^/\s]+/, "SMTP_URL must look like smtps://user:password@smtp.example.com:465 or smtp://host:587")
      .optional(),
  ),
  MAIL_FROM: optionalText.pipe(z.email({ message: "MAIL_FROM must be an email address such as partners@example.com" }).optional()),
});

/** Every environment variable the app reads (tests clear them all so the caller's shell cannot change a result). */
export const configVariables: readonly string[] = Object.keys(EnvSchema.shape);

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
  /** ENCRYPTION_KEY (generated in DATA_DIR/encryption-key in local mode) and ENCRYPTION_KEY_PREVIOUS, 32 bytes each. */
  encryption: { key: Buffer; previousKey: Buffer | null };
  /** SMTP_URL (null: messages go to DATA_DIR/outbox) and the From address (MAIL_FROM, else no-reply@ the app's host). */
  mail: { smtpUrl: string | null; from: string };
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
    const missing = (["SHOPIFY_API_KEY", "SHOPIFY_API_SECRET", "SHOPIFY_APP_URL", "DATABASE_URL", "ENCRYPTION_KEY"] as const).filter(
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
  if (!e.DATABASE_URL) ensureDataDir(dataDir);
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
    encryption: {
      key: e.ENCRYPTION_KEY ? Buffer.from(e.ENCRYPTION_KEY, "base64") : localEncryptionKey(dataDir),
      previousKey: e.ENCRYPTION_KEY_PREVIOUS ? Buffer.from(e.ENCRYPTION_KEY_PREVIOUS, "base64") : null,
    },
    mail: { smtpUrl: e.SMTP_URL ?? null, from: e.MAIL_FROM ?? `no-reply@${new URL(appUrl).hostname}` },
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

export const secretBoxOf = (config: AppConfig): SecretBox =>
  new SecretBox(config.encryption.key, config.encryption.previousKey ? [config.encryption.previousKey] : []);

/** DATA_DIR holds keys and the embedded database: owner-only (0700), tightened if it was created wider. */
export function ensureDataDir(dataDir: string): void {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  if ((statSync(dataDir).mode & 0o077) !== 0) chmodSync(dataDir, 0o700);
}

/** A secret generated once and kept in DATA_DIR (owner-only), so restarts and the CLI see the same value. */
function keptSecret(dataDir: string, name: string, generate: () => string): string {
  const file = join(dataDir, name);
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  ensureDataDir(dataDir);
  const secret = generate();
  try {
    writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: "wx" });
  } catch (error) {
    // Another process (the CLI, a worker) wrote it first: use theirs.
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return readFileSync(file, "utf8").trim();
    throw error;
  }
  return secret;
}

/** The local-mode app secret: generated once, kept in DATA_DIR so HMACs computed by hand stay valid across restarts. */
const localSecret = (dataDir: string): string => keptSecret(dataDir, "local-secret", () => randomBytes(24).toString("hex"));

/** Without ENCRYPTION_KEY (local mode), the key that encrypts stored secrets lives in DATA_DIR/encryption-key. */
const localEncryptionKey = (dataDir: string): Buffer =>
  Buffer.from(keptSecret(dataDir, "encryption-key", () => randomBytes(32).toString("base64")), "base64");
