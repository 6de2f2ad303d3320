import { parseJsonObject } from "../shared/parse-json-object";
import { safeEqual } from "../../domain/shared/safe-equal";
import type { Connector } from "../types";
import { WebhookPayloadError, WebhookVerificationError } from "../types";
import { chargebeeConfigSchema } from "./config";
import { normalizeChargebee } from "./normalize";

/** The `username:password` of an `Authorization: Basic` header, or undefined. */
function basicCredentials(header: string | null): string | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? "");
  return match ? Buffer.from(match[1]!, "base64").toString("utf8") : undefined;
}

/**
 * Chargebee signs nothing: its webhooks carry HTTP Basic auth, and the connection's secret is `username:password`
 * (compared in constant time). Chargebee retries and reorders; events are deduplicated on their id.
 */
export const chargebeeConnector: Connector = {
  provider: "chargebee",
  verify(rawBody, headers, secret) {
    const given = basicCredentials(headers.get("authorization"));
    if (given === undefined) throw new WebhookVerificationError("Authorization: Basic is missing");
    if (!safeEqual(given, secret)) throw new WebhookVerificationError("Basic auth credentials do not match");
    const event = parseJsonObject(rawBody);
    if (typeof event.id !== "string" || !event.id || typeof event.event_type !== "string" || !event.event_type) {
      throw new WebhookPayloadError("body is not a Chargebee event with an id and an event_type");
    }
    return { externalId: event.id, topic: event.event_type, payload: event };
  },
  normalize: normalizeChargebee,
  configSchema: chargebeeConfigSchema,
};
