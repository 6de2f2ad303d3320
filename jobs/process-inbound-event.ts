import { UnrecoverableError } from "bullmq";
import { eq, sql } from "drizzle-orm";
import { z, ZodError } from "zod";
import type { Database } from "../db/client";
import { inboundEvents } from "../db/schema/index";
import { describeError } from "../domain/shared/describe-error";
import { DomainError } from "../domain/shared/errors";
import { defineJob } from "./definition";
import { currentSecretBoxOrThrow } from "../runtime/current-secret-box";
import { inboundBatcherOf } from "./inbound-batcher";
import { resolveStripeReferences } from "./resolve-stripe-references";
import { PayloadRejectedError } from "./stored-event-plan";

/**
 * Errors that the same event will raise on every attempt: a payload the connector rejects, invalid input (a zod
 * error, a currency that does not match the program) or a conflict with what is stored. A missing dependency
 * (DependencyMissingError) or a database outage is not.
 */
export function isPermanentFailure(error: unknown): boolean {
  if (error instanceof PayloadRejectedError || error instanceof ZodError) return true;
  return error instanceof DomainError && (error.code === "validation" || error.code === "conflict");
}

/** Records a failed attempt (its error without query parameters or emails); abandoned ones are shown to the merchant. */
export async function recordInboundFailure(db: Database, id: string, error: unknown, abandon: boolean): Promise<void> {
  const message = describeError(error);
  await db
    .update(inboundEvents)
    .set({ attempts: sql`${inboundEvents.attempts} + 1`, lastError: message, ...(abandon ? { abandonedAt: new Date() } : {}) })
    .where(eq(inboundEvents.id, id));
}

export const processInboundEventJob = defineJob({
  name: "process-inbound-event",
  queue: "ingest",
  payload: z.object({ inboundEventId: z.uuid() }).strict(),
  options: { attempts: 6, backoff: { type: "exponential", delay: 2_000 } },
  async handle({ inboundEventId }, { db, isLastAttempt, log }) {
    try {
      await resolveStripeReferences(db, inboundEventId, { secrets: { open: (sealed) => currentSecretBoxOrThrow().open(sealed) }, log }).catch((error: unknown) => {
        // Stripe unreachable on the last attempt: apply what the app knows rather than abandon the event.
        if (!isLastAttempt) throw error;
        log(`Stripe lookups failed on the last attempt, applied without them: ${describeError(error)}`);
      });
      // Jobs running at the same time in this process share transactions (see InboundBatcher).
      return { outcome: await inboundBatcherOf(db).process(inboundEventId) };
    } catch (error) {
      const permanent = isPermanentFailure(error);
      await recordInboundFailure(db, inboundEventId, error, isLastAttempt || permanent);
      // Retrying cannot help: abandon at once instead of spending the remaining attempts.
      if (permanent) throw new UnrecoverableError(`abandoned: ${describeError(error)}`);
      throw error;
    }
  },
});

export const inboundJobId = (id: string, suffix?: string) => (suffix ? `inbound-${id}-${suffix}` : `inbound-${id}`);
