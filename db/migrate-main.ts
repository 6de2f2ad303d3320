import { ConfigError, loadConfig } from "../runtime/config";
import { readLiveLock } from "../runtime/process-lock";
import { openDatabase } from "./client";
import { migrateDatabase } from "./migrate";

// npm run db:migrate: applies committed migrations to DATABASE_URL, or to the embedded PGlite in DATA_DIR.
try {
  const config = loadConfig();
  if (config.database.kind === "pglite" && readLiveLock(config.dataDir)) {
    console.log("The running app owns the embedded database and applied its migrations at start; nothing to do.");
    process.exit(0);
  }
  const handle = await openDatabase(config.database);
  await migrateDatabase(handle);
  await handle.close();
  console.log(`Migrations applied to ${handle.label}`);
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : `Migration failed: ${(error as Error).message}`);
  process.exit(1);
}
