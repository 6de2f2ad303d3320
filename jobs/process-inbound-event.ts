import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "../db/client";
import { inboundEvents, providerConnections } from "../db/schema/index";
import { connectorFor } from "../connectors/registry";
import { applyEvent } from "../domain/ingest/apply-event";
import { defineJob } from "./definition";

export type ProcessOutcome = "processed" | "ignored" | "already processed" | "abandoned" | "locked elsewhere" | "gone";

/**
 * In one database transaction: lock the stored event (skipping it when another worker holds it), stop if it was
 * processed, normalize it with its connector, apply every event, mark it processed. A failure rolls everything
 * back; the caller records the attempt.
 */
export async function processInboundEvent(db: Database, id: string): Promise<ProcessOutcome> {
  return db.transaction(async (tx) => {
    const [row] = await tx.select().from(inboundEvents).where(eq(inboundEvents.id, id)).for("update", { skipLocked: true });
    if (!row) {
      const [exists] = await tx.select({ id: inboundEvents.id }).from(inboundEvents).where(eq(inboundEvents.id, id));
      return exists ? "locked elsewhere" : "gone";
    }
    if (row.processedAt) return "already processed";
    // An abandoned event waits for the merchant's retry, which clears abandoned_at; stray jobs leave it alone.
    if (row.abandonedAt) return "abandoned";
    const done = (ignoredReason: string | null) =>
      tx
        .update(inboundEvents)
        .set({ processedAt: new Date(), ignoredReason, lastError: null, abandonedAt: null, attempts: sql`${inboundEvents.attempts} + 1` })
        .where(eq(inboundEvents.id, id));
    const connector = connectorFor(row.provider);
    if (!row.shopId || !connector) {
      await done(row.shopId ? `no connector for ${row.provider}` : "unknown shop");
      return "ignored";
    }
    // A generic connection's field mapping (and any other connector setting) lives on its connection.
    const [connection] = row.connectionId
      ? await tx.select({ config: providerConnections.config }).from(providerConnections).where(eq(providerConnections.id, row.connectionId))
      : [];
    const result = connector.normalize({ externalId: row.externalId, topic: row.topic, payload: row.payload }, {
      config: connection?.config ?? {},
      receivedAt: row.receivedAt,
    });
    if ("ignored" in result) {
      await done(result.ignored);
      return "ignored";
    }
    const notes: string[] = [];
    for (const event of result.events) {
      const note = await applyEvent(tx, row.shopId, row.provider, event);
      if (note) notes.push(note);
    }
    await done(notes.length ? notes.join("; ") : null);
    return notes.length && notes.length === result.events.length ? "ignored" : "processed";
  });
}

/** Records a failed attempt; after the last one the event is abandoned and shown to the merchant. */
export async function recordInboundFailure(db: Database, id: string, error: unknown, abandon: boolean): Promise<void> {
  const message = (error instanceof Error ? `${error.name}: ${error.message}` : String(error)).slice(0, 2000);
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
  async handle({ inboundEventId }, { db, isLastAttempt }) {
    try {
      return { outcome: await processInboundEvent(db, inboundEventId) };
    } catch (error) {
      await recordInboundFailure(db, inboundEventId, error, isLastAttempt);
      throw error;
    }
  },
});

export const inboundJobId = (id: string, suffix?: string) => (suffix ? `inbound-${id}-${suffix}` : `inbound-${id}`);
