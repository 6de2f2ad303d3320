import { PgTransaction } from "drizzle-orm/pg-core";
import type { Database } from "../../db/client";

/**
 * Runs `work` in a database transaction, joining the caller's when `db` already is one (no savepoint: two statements
 * fewer). A failure then rolls back the caller's whole transaction, which is what every caller of a use-case written
 * with this wants: none catches a failed step and carries on.
 */
export function atomically<T>(db: Database, work: (tx: Database) => Promise<T>): Promise<T> {
  const inTransaction: boolean = db instanceof PgTransaction;
  return inTransaction ? work(db) : db.transaction(work);
}
