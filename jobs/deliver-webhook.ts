import { z } from "zod";
import { deliverWebhook } from "../domain/webhooks/deliver-webhook";
import { currentSecretBoxOrThrow } from "../runtime/current-secret-box";
import { defineJob } from "./definition";

/** One attempt at one outgoing webhook delivery; retries are scheduled in the database, not by BullMQ. */
export const deliverWebhookJob = defineJob({
  name: "deliver-webhook",
  queue: "outgoing-webhooks",
  payload: z.object({ deliveryId: z.uuid() }).strict(),
  async handle({ deliveryId }, { db, localMode, log }) {
    return { outcome: await deliverWebhook(db, deliveryId, { allowPrivate: localMode ?? false, secrets: currentSecretBoxOrThrow(), log }) };
  },
});

/** One job per delivery attempt: enqueueing the same attempt twice is a no-op. */
export const deliveryJobId = (id: string, attempts: number) => `webhook-${id}-${attempts}`;
