import type { DatabaseHandle } from "./client";

// The Remix server build bundles its own copy of this module; a global key lets the process that
// opened the database (server, worker, test) hand it to the routes without opening a second one.
const KEY = Symbol.for("affiliate-hub.database");
type Holder = { [KEY]?: DatabaseHandle };

export function setCurrentDatabase(handle: DatabaseHandle | undefined): void {
  (globalThis as Holder)[KEY] = handle;
}

export function currentDatabaseOrThrow(): DatabaseHandle {
  const handle = (globalThis as Holder)[KEY];
  if (!handle) throw new Error("No database is open in this process: start the app through server.ts");
  return handle;
}
