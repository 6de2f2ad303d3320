import { z } from "zod";
import { pendingInboundEventIds } from "../domain/ingest/pending-inbound-event-ids";
import { defineJob } from "./definition";
import { inboundJobId, processInboundEventJob } from "./process-inbound-event";

/**
 * Re-enqueues stored events still unprocessed after a while: the safety net for a receipt whose enqueue
 * failed (Redis down) or a worker that died mid-job. Processing is guarded by row locks, so a duplicate job is harmless.
 */
export const sweepInboundEventsJob = defineJob({
  name: "sweep-inbound-events",
  queue: "maintenance",
  payload: z.object({ olderThanSeconds: z.number().int().min(0).default(120) }).strict(),
  async handle({ olderThanSeconds }, { db, producer, log }) {
    const ids = await pendingInboundEventIds(db, new Date(Date.now() - olderThanSeconds * 1000), 1_000);
    const bucket = Math.floor(Date.now() / 60_000);
    for (const id of ids) await producer.enqueue(processInboundEventJob, { inboundEventId: id }, { jobId: inboundJobId(id, `sweep-${bucket}`) });
    if (ids.length) log(`re-enqueued ${ids.length} stored events`);
    return { enqueued: ids.length };
  },
});
