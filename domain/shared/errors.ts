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

/** PostgreSQL unique_violation, as raised by node-postgres and PGlite alike (the latter may wrap it). */
export function isUniqueViolation(error: unknown): boolean {
  for (let e = error as { code?: string; cause?: unknown } | undefined; e; e = e.cause as typeof e) {
    if (e.code === "23505") return true;
  }
  return false;
}
