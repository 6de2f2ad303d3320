import { randomBytes } from "node:crypto";
import pg from "pg";
import { openDatabase, type DatabaseHandle, type DatabaseTarget } from "../../db/client";
import { migrateDatabase } from "../../db/migrate";
import { rowsOf } from "../../db/rows";
import { migratedPgliteSnapshot } from "./pglite-snapshot";

/** The real PostgreSQL server of the machine; each test file gets a database of its own on it. */
export const POSTGRES_ADMIN_URL = process.env.TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/test";

export type DatabaseKind = "pglite" | "postgres";
export const databaseKinds: DatabaseKind[] = ["pglite", "postgres"];

export interface TestDatabase extends DatabaseHandle {
  /** Drops the per-file PostgreSQL database; closes PGlite. */
  destroy(): Promise<void>;
}

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A fresh PostgreSQL database on the test server; returns its URL. */
export async function createPostgresDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `ah_test_${randomBytes(6).toString("hex")}`;
  await adminQuery(`CREATE DATABASE ${name}`);
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

/**
 * A new database of the given kind: an empty PostgreSQL database (the app or openTestDatabase migrates it), or an
 * in-memory PGlite that starts as an already migrated copy (test/helpers/pglite-snapshot.ts), or empty when `fresh`.
 */
export async function targetFor(kind: DatabaseKind, options: { fresh?: boolean } = {}): Promise<{ target: DatabaseTarget; drop(): Promise<void> }> {
  if (kind === "pglite") {
    const initialDataDir = options.fresh ? undefined : await migratedPgliteSnapshot();
    return { target: { kind: "pglite", dataDir: null, initialDataDir }, drop: async () => undefined };
  }
  const created = await createPostgresDatabase();
  return { target: { kind: "postgres", url: created.url }, drop: created.drop };
}

/** An empty, migrated database of the given kind (`fresh`: migrated here, from empty, on PGlite too). */
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
