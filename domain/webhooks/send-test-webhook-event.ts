import type { Database } from "../../db/client";
import { TEST_EVENT_TYPE } from "./event-types";
import { emitWebhookEvent } from "./emit-webhook-event";
import { findWebhookEndpointOrThrow } from "./find-webhook-endpoint-or-throw";

/** "Send test event": a `webhook.test` event to this endpoint only, delivered by the queue like any other. */
export async function sendTestWebhookEvent(db: Database, shopId: string, id: string): Promise<{ eventId: string }> {
  const endpoint = await findWebhookEndpointOrThrow(db, shopId, id);
  const { eventId } = await emitWebhookEvent(db, shopId, TEST_EVENT_TYPE, { endpoint_id: endpoint.id, message: "Test event from Affiliate Hub" }, { endpointId: endpoint.id });
  return { eventId };
}
