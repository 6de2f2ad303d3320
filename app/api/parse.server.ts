import type { z } from "zod";
import { ApiError, zodErrorResponse } from "./errors.server";

const MAX_BODY_BYTES = 1_000_000;

/** Parses a JSON body with a zod schema; 400 naming the field on the first problem. */
export async function readBody<T extends z.ZodType>(request: Request, schema: T): Promise<z.infer<T>> {
  const text = await request.text();
  if (text.length > MAX_BODY_BYTES) throw new ApiError(413, "payload_too_large", "the body must be under 1 MB");
  let json: unknown;
  try {
    json = text === "" ? {} : JSON.parse(text);
  } catch {
    throw new ApiError(400, "invalid_json", "the body is not valid JSON");
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw zodErrorResponse(parsed.error);
  return parsed.data;
}

export function readQuery<T extends z.ZodType>(url: URL, schema: T): z.infer<T> {
  const parsed = schema.safeParse(Object.fromEntries(url.searchParams));
  if (!parsed.success) throw zodErrorResponse(parsed.error);
  return parsed.data;
}
