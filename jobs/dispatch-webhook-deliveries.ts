import { z } from "zod";
import { dueWebhookDeliveries } from "../domain/webhooks/due-webhook-deliveries";
import { defineJob } from "./definition";
import { deliverWebhookJob, deliveryJobId } from "./deliver-webhook";

/**
 * The outbox relay: every couple of seconds, enqueues a delivery job for each outgoing webhook whose attempt is
 * due (new events, scheduled retries, claims of a worker that died). Events are written in the transaction of
 * the change, so only committed changes are ever sent, and never from inside a request.
 */
export const dispatchWebhookDeliveriesJob = defineJob({
  name: "dispatch-webhook-deliveries",
  queue: "outgoing-webhooks",
  payload: z.object({}).strict(),
  async handle(_payload, { db, producer }) {
    const due = await dueWebhookDeliveries(db, new Date(), 1_000);
    for (const d of due) await producer.enqueue(deliverWebhookJob, { deliveryId: d.id }, { jobId: deliveryJobId(d.id, d.attempts) });
    return { enqueued: due.length };
  },
});
