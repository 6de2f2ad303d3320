import { randomBytes } from "node:crypto";
import pg from "pg";
import { openDatabase, type DatabaseHandle, type DatabaseTarget } from "../../db/client";
import { migrateDatabase } from "../../db/migrate";
import { rowsOf } from "../../db/rows";
import { migrationsKey } from "./migrations-key";
import { migratedPgliteSnapshot } from "./pglite-snapshot";

/** The real PostgreSQL server of the machine; each test file gets a database of its own on it. */
export const POSTGRES_ADMIN_URL = process.env.TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/test";

export type DatabaseKind = "pglite" | "postgres";
export const databaseKinds: DatabaseKind[] = ["pglite", "postgres"];

export interface TestDatabase extends DatabaseHandle {
  /** Drops the per-file PostgreSQL database; closes PGlite. */
  destroy(): Promise<void>;
}

async function adminQuery(sql: string): Promise<number> {
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await client.connect();
  try {
    return (await client.query(sql)).rowCount ?? 0;
  } finally {
    await client.end();
  }
}

function databaseUrl(name: string): string {
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

let template: Promise<string> | undefined;

/**
 * A database on the test server with every migration applied, never connected to once built, for CREATE DATABASE
 * ... TEMPLATE (a copy is quicker than migrating). Named by migrationsKey; parallel test files that both find it
 * missing both build one, and the one that loses the rename drops its own.
 */
function migratedTemplate(): Promise<string> {
  template ??= (async () => {
    const name = `ah_template_${migrationsKey()}`;
    if ((await adminQuery(`SELECT 1 FROM pg_database WHERE datname = '${name}'`)) > 0) return name;
    const building = `${name}_${randomBytes(4).toString("hex")}`;
    await adminQuery(`CREATE DATABASE ${building}`);
    const handle = await openDatabase({ kind: "postgres", url: databaseUrl(building) });
    try {
      await migrateDatabase(handle);
    } finally {
      await handle.close();
    }
    try {
      await adminQuery(`ALTER DATABASE ${building} RENAME TO ${name}`);
    } catch (error) {
      await adminQuery(`DROP DATABASE IF EXISTS ${building} WITH (FORCE)`);
      if ((error as { code?: string }).code !== "42P04") throw error; // 42P04: another file built it first
    }
    return name;
  })();
  return template;
}

/** A new PostgreSQL database on the test server, empty or (`migrated`) a copy of one already migrated; returns its URL. */
export async function createPostgresDatabase(options: { migrated?: boolean } = {}): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `ah_test_${randomBytes(6).toString("hex")}`;
  await adminQuery(options.migrated ? `CREATE DATABASE ${name} TEMPLATE ${await migratedTemplate()}` : `CREATE DATABASE ${name}`);
  return { url: databaseUrl(name), drop: () => adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).then(() => undefined) };
}

/**
 * A new database of the given kind, already migrated: a copy of a migrated PostgreSQL template, or an in-memory
 * PGlite started from a migrated data dir (test/helpers/pglite-snapshot.ts). `fresh`: empty, for the migrations to
 * run from nothing (the app and openTestDatabase migrate at open; on a migrated copy that finds nothing to do).
 */
export async function targetFor(kind: DatabaseKind, options: { fresh?: boolean } = {}): Promise<{ target: DatabaseTarget; drop(): Promise<void> }> {
  if (kind === "pglite") {
    const initialDataDir = options.fresh ? undefined : await migratedPgliteSnapshot();
    return { target: { kind: "pglite", dataDir: null, initialDataDir }, drop: async () => undefined };
  }
  const created = await createPostgresDatabase({ migrated: !options.fresh });
  return { target: { kind: "postgres", url: created.url }, drop: created.drop };
}

/** An empty, migrated database of the given kind (`fresh`: migrated here, from nothing). */
export async function openTestDatabase(kind: DatabaseKind, options: { fresh?: boolean } = {}): Promise<TestDatabase> {
  const { target, drop } = await targetFor(kind, options);
  const handle = await openDatabase(target);
  await migrateDatabase(handle);
  return {
    ...handle,
    async destroy() {
      await handle.close();
      await drop();
    },
  };
}

/** Empties every table (faster than a new database between tests in one file). */
export async function truncateAll(handle: DatabaseHandle): Promise<void> {
  const { sql } = await import("drizzle-orm");
  const result = await handle.db.execute<{ tablename: string }>(
    sql`select tablename from pg_tables where schemaname = 'public'`,
  );
  const rows = rowsOf<{ tablename: string }>(result);
  if (rows.length === 0) return;
  await handle.db.execute(sql.raw(`TRUNCATE ${rows.map((r) => `"${r.tablename}"`).join(", ")} CASCADE`));
}
