import type { Database } from "../../db/client";
import { resetInboundEventForRetry } from "../../domain/ingest/reset-inbound-events";
import { currentProducerOrThrow } from "../../jobs/current";
import { inboundJobId, processInboundEventJob } from "../../jobs/process-inbound-event";

/**
 * Makes an event pending again and queues it (the admin's Activity page and POST /api/v1/inbound-events/:id/retry).
 * When Redis is down it stays pending and the sweeper queues it.
 */
export async function retryInboundEvent(db: Database, shopId: string, id: string): Promise<{ queued: boolean }> {
  await resetInboundEventForRetry(db, shopId, id);
  try {
    await currentProducerOrThrow().enqueue(processInboundEventJob, { inboundEventId: id }, { jobId: inboundJobId(id, `retry-${Date.now()}`) });
    return { queued: true };
  } catch {
    return { queued: false };
  }
}
