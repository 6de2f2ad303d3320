/** Rows of a raw `db.execute` result: PGlite and node-postgres shape it differently. */
export const rowsOf = <T>(result: unknown): T[] => (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
