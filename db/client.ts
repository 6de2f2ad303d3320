import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import pg from "pg";
import * as schema from "./schema/index";

export type Schema = typeof schema;
/** One handle type for both drivers; use-cases take this or a transaction of it. */
export type Database = PgDatabase<PgQueryResultHKT, Schema>;

export type DatabaseTarget =
  | {
      kind: "pglite";
      dataDir: string | null; // null = in memory
      /** A tarball from PGlite's dumpDataDir to start from instead of an empty cluster (tests: one already migrated). */
      initialDataDir?: Blob;
    }
  | { kind: "postgres"; url: string };

export interface DatabaseHandle {
  db: Database;
  target: DatabaseTarget;
  /** A human label without credentials, for logs. */
  label: string;
  close(): Promise<void>;
}

export async function openDatabase(target: DatabaseTarget): Promise<DatabaseHandle> {
  if (target.kind === "postgres") {
    const pool = new pg.Pool({ connectionString: target.url, max: 10, connectionTimeoutMillis: 5_000 });
    pool.on("error", (error) => console.error(`[db] idle PostgreSQL client error: ${error.message}`));
    const db = drizzlePg(pool, { schema }) as unknown as Database;
    return { db, target, label: redactUrl(target.url), close: () => pool.end() };
  }
  if (target.dataDir) mkdirSync(dirname(target.dataDir), { recursive: true });
  const client = new PGlite({ dataDir: target.dataDir ?? undefined, loadDataDir: target.initialDataDir });
  await client.waitReady;
  const db = drizzlePglite(client, { schema }) as unknown as Database;
  return {
    db,
    target,
    label: target.dataDir ? `PGlite (${target.dataDir})` : "PGlite (in memory)",
    close: () => client.close(),
  };
}

export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "(unparseable URL)";
  }
}
