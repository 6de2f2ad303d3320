import { resetInboundEventForRetry } from "../../domain/ingest/reset-inbound-events";
import { currentProducerOrThrow } from "../../jobs/current";
import { inboundJobId, processInboundEventJob } from "../../jobs/process-inbound-event";
import { apiRoute } from "../api/handler.server";

/** 202: the event is pending again and queued; if Redis is down it stays pending and the sweeper queues it. */
export const { loader, action } = apiRoute({
  async POST({ db, shopId, params }) {
    const id = params.id!;
    await resetInboundEventForRetry(db, shopId, id);
    let queued = true;
    try {
      await currentProducerOrThrow().enqueue(processInboundEventJob, { inboundEventId: id }, { jobId: inboundJobId(id, `retry-${Date.now()}`) });
    } catch {
      queued = false;
    }
    return Response.json({ id, status: "pending", queued }, { status: 202 });
  },
});
