import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { drizzle } from "drizzle-orm/pglite";
import type { Database } from "../../db/client";
import { migrateDatabase, migrationsFolder } from "../../db/migrate";

const require = createRequire(import.meta.url);

/** The installed version of `name` (read from its package.json: not every package exports that file). */
function packageVersion(name: string): string {
  let dir = dirname(require.resolve(name));
  while (!existsSync(join(dir, "package.json")) || (JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { name?: string }).name !== name) {
    dir = dirname(dir);
  }
  return (JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { version: string }).version;
}

/** What the migrated data dir depends on: every migration file, and the versions of PGlite and drizzle's migrator. */
function snapshotKey(): string {
  const hash = createHash("sha256");
  for (const pkg of ["@electric-sql/pglite", "drizzle-orm"]) hash.update(packageVersion(pkg));
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else hash.update(entry.name).update(readFileSync(path));
    }
  };
  walk(migrationsFolder);
  return hash.digest("hex").slice(0, 16);
}

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
 * migrations (kept in the temp dir, keyed by their content), so the migrations themselves still run on PGlite
 * from empty whenever they change; test/integration/migrations.test.ts runs them from empty every time.
 */
export function migratedPgliteSnapshot(): Promise<Blob> {
  snapshot ??= (async () => {
    const file = join(tmpdir(), `affiliate-hub-pglite-migrated-${snapshotKey()}.tar`);
    if (!existsSync(file)) await buildSnapshot(file);
    return new Blob([readFileSync(file)]);
  })();
  return snapshot;
}
