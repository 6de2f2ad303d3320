import { currentDatabaseOrThrow } from "../db/current";
import type { Database } from "../db/client";

/** The web process's database handle, opened by server.ts before the Remix build is loaded. */
export const db = (): Database => currentDatabaseOrThrow().db;
