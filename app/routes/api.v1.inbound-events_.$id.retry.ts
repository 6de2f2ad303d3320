import { apiRoute } from "../api/handler.server";
import { retryInboundEvent } from "../webhooks/retry-inbound-event.server";

/** 202: the event is pending again and queued; if Redis is down it stays pending and the sweeper queues it. */
export const { loader, action } = apiRoute({
  async POST({ db, shopId, params }) {
    const id = params.id!;
    const { queued } = await retryInboundEvent(db, shopId, id);
    return Response.json({ id, status: "pending", queued }, { status: 202 });
  },
});
