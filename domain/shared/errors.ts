export type DomainErrorCode = "validation" | "not_found" | "conflict" | "forbidden";

/** An error a caller can act on: the code maps to an HTTP status, field names the input at fault. */
export class DomainError extends Error {
  override name = "DomainError";
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

export const notFound = (what: string, field?: string) => new DomainError("not_found", `${what} not found`, field);
export const conflict = (message: string, field?: string) => new DomainError("conflict", message, field);
export const invalid = (message: string, field?: string) => new DomainError("validation", message, field);

type PgError = { code?: string; constraint?: string; cause?: unknown };

/** The constraint a PostgreSQL unique_violation broke, from node-postgres and PGlite alike (Drizzle wraps it in cause). */
export function uniqueViolationConstraint(error: unknown): string | undefined {
  for (let e = error as PgError | undefined; e; e = e.cause as PgError | undefined) {
    if (e.code === "23505") return e.constraint ?? "";
  }
  return undefined;
}

export const isUniqueViolation = (error: unknown): boolean => uniqueViolationConstraint(error) !== undefined;
