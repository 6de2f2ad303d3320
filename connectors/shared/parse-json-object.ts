import { WebhookPayloadError } from "../types";

/** The body as a JSON object; a WebhookPayloadError (400, nothing stored) for anything else. */
export function parseJsonObject(rawBody: string): Record<string, unknown> {
  let payload: unknown;
  try {
    payload = JSON.parse(rawBody);
  } catch {
    throw new WebhookPayloadError("body is not valid JSON");
  }
  if (typeof payload !== "object" || payload === null || Array.isArray(payload)) throw new WebhookPayloadError("body is not a JSON object");
  return payload as Record<string, unknown>;
}
