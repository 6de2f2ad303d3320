import { asc, desc, sql, type SQL } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";
import type { PageRequest } from "./page";

/** Where an API page starts: the exact created_at (microseconds, UTC, as PostgreSQL keeps it) and the id, the tiebreak. */
export type Cursor = { at: string; id: string };

/**
 * Which rows of a list: the REST API's keyset pages (oldest first, after a cursor) or the admin's numbered pages
 * (newest first). Either way the query reads limit + 1 rows; the extra one says whether more exist.
 */
export type RowWindow = { limit: number; after?: Cursor } | (PageRequest & { newestFirst: true });

/** Select this next to a list's rows: the column's exact value for the cursor (a JS Date would lose the microseconds). */
export const cursorAt = (createdAt: PgColumn) => sql<string>`to_char(${createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** Keyset pagination on the raw (created_at, id) columns, so a (shop_id, created_at, id) index serves the list. */
export function pageWhere(createdAt: PgColumn, id: PgColumn, cursor: Cursor | undefined): SQL | undefined {
  if (!cursor) return undefined;
  return sql`(${createdAt}, ${id}) > (${cursor.at}::timestamptz, ${cursor.id}::uuid)`;
}

export const pageOrder = (createdAt: PgColumn, id: PgColumn) => [asc(createdAt), asc(id)];

/** The where, order and offset of a window over a (created_at, id) ordered list. */
export function windowOf(window: RowWindow, createdAt: PgColumn, id: PgColumn) {
  if ("newestFirst" in window) return { where: undefined, orderBy: [desc(createdAt), desc(id)], limit: window.limit + 1, offset: window.offset };
  return { where: pageWhere(createdAt, id, window.after), orderBy: pageOrder(createdAt, id), limit: window.limit + 1, offset: 0 };
}
