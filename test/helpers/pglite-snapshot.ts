import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { drizzle } from "drizzle-orm/pglite";
import type { Database } from "../../db/client";
import { migrateDatabase } from "../../db/migrate";
import { migrationsKey } from "./migrations-key";

async function buildSnapshot(file: string): Promise<void> {
  const client = new PGlite();
  try {
    const db = drizzle(client) as unknown as Database;
    await migrateDatabase({ db, target: { kind: "pglite", dataDir: null }, label: "snapshot", close: () => client.close() });
    const dump = await client.dumpDataDir("none");
    const partial = `${file}.${process.pid}.tmp`;
    writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
    renameSync(partial, file); // atomic: a parallel test file reads the whole tarball or builds its own
  } finally {
    await client.close();
  }
}

let snapshot: Promise<Blob> | undefined;

/**
 * An in-memory PGlite's data dir right after every migration, as a tarball. A fresh PGlite spends seconds in
 * initdb and then migrating; one started from this tarball is ready in a fraction of that. Built once per set of
 * migrations (kept in the temp dir, keyed by migrationsKey), so the migrations themselves still run on PGlite
 * from empty whenever they change; test/integration/migrations.test.ts runs them from empty every time.
 */
export function migratedPgliteSnapshot(): Promise<Blob> {
  snapshot ??= (async () => {
    const file = join(tmpdir(), `affiliate-hub-pglite-migrated-${migrationsKey()}.tar`);
    if (!existsSync(file)) await buildSnapshot(file);
    return new Blob([readFileSync(file)]);
  })();
  return snapshot;
}
