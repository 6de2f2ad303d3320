import { sendTestWebhookEvent } from "../../domain/webhooks/send-test-webhook-event";
import { apiRoute } from "../api/handler.server";

/** "Send test event": a `webhook.test` event to this endpoint only, delivered by the queue like any other. 202. */
export const { loader, action } = apiRoute({
  async POST({ db, shopId, params }) {
    const { eventId } = await sendTestWebhookEvent(db, shopId, params.id!);
    return Response.json({ event_id: eventId, status: "pending" }, { status: 202 });
  },
});
