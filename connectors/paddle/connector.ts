import { parseJsonObject } from "../shared/parse-json-object";
import type { Connector } from "../types";
import { WebhookPayloadError } from "../types";
import { paddleConfigSchema, paddleToleranceOf } from "./config";
import { normalizePaddle } from "./normalize";
import { verifyPaddleSignature } from "./verify-signature";

/** Paddle Billing: Paddle-Signature (ts;h1, 5 s tolerance unless the connection sets another); deduplicated on event_id. */
export const paddleConnector: Connector = {
  provider: "paddle",
  verify(rawBody, headers, secret, context) {
    verifyPaddleSignature(rawBody, headers.get("paddle-signature"), secret, paddleToleranceOf(context?.config), context?.now ?? new Date());
    const event = parseJsonObject(rawBody);
    const { event_id: eventId, event_type: eventType } = event;
    if (typeof eventId !== "string" || !eventId || typeof eventType !== "string" || !eventType) {
      throw new WebhookPayloadError("body is not a Paddle notification with event_id and event_type");
    }
    return { externalId: eventId, topic: eventType, payload: event };
  },
  normalize: normalizePaddle,
  configSchema: paddleConfigSchema,
};
