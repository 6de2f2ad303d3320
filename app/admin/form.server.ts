import { data } from "@remix-run/node";
import { z } from "zod";
import { DomainError } from "../../domain/shared/errors";

export type FieldErrors = Record<string, string>;
export type ActionResult = { ok: true; message?: string; secret?: string } | { ok: false; errors: FieldErrors };

/** zod issues by form field name (the issue's path joined with dots: "commission.percent"). */
export function zodFieldErrors(error: z.ZodError): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const name = issue.path.join(".") || "form";
    errors[name] ??= issue.message;
  }
  return errors;
}

/**
 * Runs an action's work and turns invalid input (zod or a domain validation/conflict error naming a field) into
 * errors shown next to the fields, with status 400 or 409. A missing record answers 404. Anything else is a bug.
 */
export async function formAction<T extends ActionResult>(work: () => Promise<T | Response>) {
  try {
    return await work();
  } catch (error) {
    if (error instanceof z.ZodError) return data<ActionResult>({ ok: false, errors: zodFieldErrors(error) }, { status: 400 });
    if (error instanceof DomainError) {
      if (error.code === "not_found") throw new Response(error.message, { status: 404 });
      const status = error.code === "conflict" ? 409 : error.code === "forbidden" ? 403 : 400;
      return data<ActionResult>({ ok: false, errors: { [error.field ?? "form"]: error.message } }, { status });
    }
    throw error;
  }
}

/** A form's fields as an object; repeated names keep every value. */
export function formFields(form: FormData): Record<string, string | string[]> {
  const fields: Record<string, string | string[]> = {};
  for (const [name, value] of form.entries()) {
    if (typeof value !== "string") continue;
    const existing = fields[name];
    fields[name] = existing === undefined ? value : [...(Array.isArray(existing) ? existing : [existing]), value];
  }
  return fields;
}
