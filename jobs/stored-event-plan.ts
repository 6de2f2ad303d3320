import { eq, sql } from "drizzle-orm";
import type { Database } from "../db/client";
import { inboundEvents, providerConnections } from "../db/schema/index";
import type { InboundEvent } from "../db/schema/rows";
import { connectorFor } from "../connectors/registry";
import { applyEvent } from "../domain/ingest/apply-event";
import type { NormalizedEvent } from "../domain/ingest/normalized-event";
import { clearLookupCache, withLookupCache } from "../domain/shared/lookup-cache";

/** The connector could not read the stored payload. Normalizing is pure, so every attempt would fail the same way. */
export class PayloadRejectedError extends Error {
  override name = "PayloadRejectedError";
}

export type ProcessOutcome = "processed" | "ignored" | "already processed" | "abandoned" | "locked elsewhere" | "gone";

type StoredEvent = InboundEvent;

/** What a locked stored event needs: nothing more (its outcome and the reason it was ignored), or these events applied. */
export type EventPlan =
  | { row: StoredEvent; outcome: ProcessOutcome; ignoredReason: string | null; events?: undefined }
  | { row: StoredEvent & { shopId: string }; events: NormalizedEvent[] };

/** Checks a locked row and normalizes its payload with its connector (pure); nothing is written yet. */
export async function planStoredEvent(tx: Database, row: StoredEvent): Promise<EventPlan> {
  if (row.processedAt) return { row, outcome: "already processed", ignoredReason: null };
  // An abandoned event waits for the merchant's retry, which clears abandoned_at; stray jobs leave it alone.
  if (row.abandonedAt) return { row, outcome: "abandoned", ignoredReason: null };
  // Pruned after the retention period, or erased by customers/redact: there is nothing left to apply.
  if (row.payload === null) {
    const ignoredReason = `payload pruned${row.payloadPrunedAt ? ` at ${row.payloadPrunedAt.toISOString()}` : ""}: nothing left to apply`;
    return { row, outcome: "ignored", ignoredReason };
  }
  const connector = connectorFor(row.provider);
  if (!row.shopId || !connector) return { row, outcome: "ignored", ignoredReason: row.shopId ? `no connector for ${row.provider}` : "unknown shop" };
  // A generic connection's field mapping (and any other connector setting) lives on its connection.
  const [connection] = row.connectionId
    ? await tx.select({ config: providerConnections.config }).from(providerConnections).where(eq(providerConnections.id, row.connectionId))
    : [];
  let result;
  try {
    result = connector.normalize(
      { externalId: row.externalId, topic: row.topic, payload: row.payload },
      { config: connection?.config ?? {}, receivedAt: row.receivedAt },
    );
  } catch (error) {
    throw new PayloadRejectedError(`the ${row.provider} connector could not read the ${row.topic} payload`, { cause: error });
  }
  if ("ignored" in result) return { row, outcome: "ignored", ignoredReason: result.ignored };
  return { row: { ...row, shopId: row.shopId }, events: result.events };
}

/** Applies a plan to the domain and marks its row processed (unless it was processed or abandoned before). */
export async function carryOutPlan(tx: Database, plan: EventPlan): Promise<ProcessOutcome> {
  const done = (ignoredReason: string | null) =>
    tx
      .update(inboundEvents)
      .set({ processedAt: new Date(), ignoredReason, lastError: null, abandonedAt: null, attempts: sql`${inboundEvents.attempts} + 1` })
      .where(eq(inboundEvents.id, plan.row.id));
  if (!plan.events) {
    if (plan.outcome === "ignored") await done(plan.ignoredReason);
    return plan.outcome;
  }
  const notes: string[] = [];
  for (const event of plan.events) {
    const note = await applyEvent(tx, plan.row.shopId, plan.row.provider, event);
    if (note) notes.push(note);
    // Sales and refunds only read shop configuration; any other event may change what the lookup cache holds.
    if (!["sale", "refund", "cancellation", "refund_restored", "payment_link", "discount_link"].includes(event.type)) clearLookupCache();
  }
  await done(notes.length ? notes.join("; ") : null);
  return notes.length && notes.length === plan.events.length ? "ignored" : "processed";
}

/**
 * The processing transaction commits without waiting for its WAL flush: the stored event itself was committed
 * durably at receipt, and processing is idempotent, so a crash that loses this commit only puts the event back to
 * pending together with its commission, and the sweeper enqueues it again.
 */
export const relaxCommitDurability = (tx: Database) => tx.execute(sql`set local synchronous_commit = off`);

/**
 * In one database transaction: lock the stored event (skipping it when another worker holds it), stop if it was
 * processed, normalize it with its connector, apply every event, mark it processed. A failure rolls everything
 * back; the caller records the attempt.
 */
export async function processInboundEvent(db: Database, id: string): Promise<ProcessOutcome> {
  return withLookupCache(() => db.transaction(async (tx) => {
    const [row] = await tx.select().from(inboundEvents).where(eq(inboundEvents.id, id)).for("update", { skipLocked: true });
    if (!row) {
      const [exists] = await tx.select({ id: inboundEvents.id }).from(inboundEvents).where(eq(inboundEvents.id, id));
      return exists ? "locked elsewhere" : "gone";
    }
    await relaxCommitDurability(tx);
    return carryOutPlan(tx, await planStoredEvent(tx, row));
  }));
}
