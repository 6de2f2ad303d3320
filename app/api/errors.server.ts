import { ZodError } from "zod";
import { describeError } from "../../domain/shared/describe-error";
import { DomainError } from "../../domain/shared/errors";

/** An error with an HTTP status, rendered as {"error":{"code","message","field"}}. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field: string | null = null,
  ) {
    super(message);
  }
}

const statusOf = { validation: 400, forbidden: 403, not_found: 404, conflict: 409 } as const;
const codeOf = { validation: "validation_error", forbidden: "forbidden", not_found: "not_found", conflict: "conflict" } as const;

export function errorResponse(status: number, code: string, message: string, field: string | null = null): Response {
  return Response.json({ error: { code, message, field } }, { status });
}

export function zodErrorResponse(error: ZodError): Response {
  const issue = error.issues[0]!;
  const path = issue.path.map(String);
  const field =
    issue.code === "unrecognized_keys" ? [...path, (issue as { keys: string[] }).keys[0]].join(".") : path.join(".") || null;
  const message = issue.code === "unrecognized_keys" ? `unknown field ${field}` : `${field ?? "body"}: ${issue.message}`;
  return errorResponse(400, "validation_error", message, field);
}

/** Maps what a handler threw to the API's error shape; unexpected errors are logged without request bodies. */
export function toErrorResponse(error: unknown): Response {
  if (error instanceof Response) return error;
  if (error instanceof ApiError) return errorResponse(error.status, error.code, error.message, error.field);
  if (error instanceof DomainError) return errorResponse(statusOf[error.code], codeOf[error.code], error.message, error.field ?? null);
  if (error instanceof ZodError) return zodErrorResponse(error);
  console.error(`[api] unexpected error: ${describeError(error, { stack: true })}`);
  return errorResponse(500, "internal_error", "something went wrong; nothing was changed by the failed step");
}
