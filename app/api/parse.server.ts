import type { z } from "zod";
import { ApiError, zodErrorResponse } from "./errors.server";

/** Parses a JSON body with a zod schema; 400 naming the field on the first problem. The server caps bodies at 1 MB. */
export async function readBody<T extends z.ZodType>(request: Request, schema: T): Promise<z.infer<T>> {
  let text: string;
  try {
    text = await request.text();
  } catch {
    // The server refused the body (over 1 MB) or the client went away: nothing to answer or log.
    throw new ApiError(413, "payload_too_large", "the request body must be at most 1 MB");
  }
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
