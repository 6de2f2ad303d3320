import { emitWebhookEvent } from "../../domain/webhooks/emit-webhook-event";
import { findWebhookEndpointOrThrow } from "../../domain/webhooks/find-webhook-endpoint-or-throw";
import { apiRoute } from "../api/handler.server";

/** "Send test event": a `webhook.test` event to this endpoint only, delivered by the queue like any other. 202. */
export const { loader, action } = apiRoute({
  async POST({ db, shopId, params }) {
    const endpoint = await findWebhookEndpointOrThrow(db, shopId, params.id!);
    const { eventId } = await emitWebhookEvent(db, shopId, "webhook.test", { endpoint_id: endpoint.id, message: "Test event from Affiliate Hub" }, { endpointId: endpoint.id });
    return Response.json({ event_id: eventId, status: "pending" }, { status: 202 });
  },
});
