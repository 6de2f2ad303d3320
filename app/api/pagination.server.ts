import { asc, sql, type SQL } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";
import { z } from "zod";
import { ApiError } from "./errors.server";

export const pageQuery = {
  limit: z.coerce.number().int().min(1).max(250).default(50),
  cursor: z.string().optional(),
};

type Cursor = { createdAt: Date; id: string };

export function decodeCursor(cursor: string | undefined): Cursor | undefined {
  if (!cursor) return undefined;
  try {
    const [at, id] = Buffer.from(cursor, "base64url").toString("utf8").split("|");
    const createdAt = new Date(at!);
    if (Number.isNaN(createdAt.getTime()) || !/^[0-9a-f-]{36}$/.test(id ?? "")) throw new Error("bad");
    return { createdAt, id: id! };
  } catch {
    throw new ApiError(400, "validation_error", "cursor is not one this API returned", "cursor");
  }
}

const encodeCursor = (row: Cursor) => Buffer.from(`${row.createdAt.toISOString()}|${row.id}`).toString("base64url");

// PostgreSQL keeps microseconds, a cursor milliseconds: compare and order on the truncated value.
const createdMs = (createdAt: PgColumn) => sql`date_trunc('milliseconds', ${createdAt})`;

/** Keyset pagination on (created_at, id): stable while rows are added. */
export function pageWhere(createdAt: PgColumn, id: PgColumn, cursor: Cursor | undefined): SQL | undefined {
  if (!cursor) return undefined;
  return sql`(${createdMs(createdAt)}, ${id}) > (${cursor.createdAt.toISOString()}::timestamptz, ${cursor.id}::uuid)`;
}

export const pageOrder = (createdAt: PgColumn, id: PgColumn) => [asc(createdMs(createdAt)), asc(id)];

/** Fetch limit + 1 rows; this trims to limit and says where the next page starts (`cursorOf` the last row kept). */
export function page<R, J>(rows: R[], limit: number, toJson: (row: R) => J, cursorOf: (row: R) => Cursor) {
  const more = rows.length > limit;
  const data = rows.slice(0, limit);
  return { data: data.map(toJson), next_cursor: more ? encodeCursor(cursorOf(data.at(-1)!)) : null };
}
