import { z } from "zod";
import { type Cursor } from "../../domain/shared/row-window";
import { ApiError } from "./errors.server";

export { cursorAt, pageOrder, pageWhere } from "../../domain/shared/row-window";

export const pageQuery = {
  limit: z.coerce.number().int().min(1).max(250).default(50),
  cursor: z.string().optional(),
};

const AT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const badCursor = () => new ApiError(400, "validation_error", "cursor is not one this API returned", "cursor");

export function decodeCursor(cursor: string | undefined): Cursor | undefined {
  if (cursor === undefined) return undefined;
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(cursor)) throw badCursor();
  const [at, id, extra] = Buffer.from(cursor, "base64url").toString("utf8").split("|");
  // A calendar-valid instant only: 2026-02-30 matches the pattern but PostgreSQL would refuse it (a 500).
  const valid = at !== undefined && AT.test(at) && new Date(at).toISOString().slice(0, 23) === at.slice(0, 23);
  if (!valid || id === undefined || !ID.test(id) || extra !== undefined) throw badCursor();
  return { at, id };
}

const encodeCursor = (cursor: Cursor) => Buffer.from(`${cursor.at}|${cursor.id}`).toString("base64url");

/** Fetch limit + 1 rows; this trims to limit and says where the next page starts (`cursorOf` the last row kept). */
export function page<R, J>(rows: R[], limit: number, toJson: (row: R) => J, cursorOf: (row: R) => Cursor) {
  const more = rows.length > limit;
  const data = rows.slice(0, limit);
  return { data: data.map(toJson), next_cursor: more ? encodeCursor(cursorOf(data.at(-1)!)) : null };
}
