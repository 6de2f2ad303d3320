import { inArray } from "drizzle-orm";
import type { Database } from "../db/client";
import { inboundEvents } from "../db/schema/index";
import type { NormalizedEvent } from "../domain/ingest/normalized-event";
import { withLookupCache } from "../domain/shared/lookup-cache";
import { carryOutPlan, planStoredEvent, relaxCommitDurability, type EventPlan, type ProcessOutcome } from "./stored-event-plan";

/** The customer a plan touches first: batches lock customers in this order, so two batches never wait on each other in a cycle. */
function lockOrderKey(plan: EventPlan): string {
  const customer = plan.events?.map((event: NormalizedEvent) => ("customer" in event ? event.customer : undefined)).find(Boolean);
  return customer ? `${customer.provider}:${customer.externalId ?? ""}:${customer.email ?? ""}` : "";
}

/**
 * Several stored events in one database transaction (one lock query, one commit): the outcome of each id, in order.
 * Any failure rolls the whole batch back and throws; the caller then processes the ids one by one, so one bad
 * event never costs the others more than a retry. An id locked by another worker is reported "locked elsewhere".
 */
export async function processInboundEventBatch(db: Database, ids: string[]): Promise<ProcessOutcome[]> {
  return withLookupCache(() => db.transaction(async (tx) => {
    const unique = [...new Set(ids)];
    const rows = await tx.select().from(inboundEvents).where(inArray(inboundEvents.id, unique)).orderBy(inboundEvents.id).for("update", { skipLocked: true });
    await relaxCommitDurability(tx);
    const plans: EventPlan[] = [];
    for (const row of rows) plans.push(await planStoredEvent(tx, row));
    plans.sort((a, b) => (lockOrderKey(a) < lockOrderKey(b) ? -1 : lockOrderKey(a) > lockOrderKey(b) ? 1 : 0));
    const outcomes = new Map<string, ProcessOutcome>();
    for (const plan of plans) outcomes.set(plan.row.id, await carryOutPlan(tx, plan));
    const missing = unique.filter((id) => !outcomes.has(id));
    const existing = missing.length ? new Set((await tx.select({ id: inboundEvents.id }).from(inboundEvents).where(inArray(inboundEvents.id, missing))).map((r) => r.id)) : new Set<string>();
    for (const id of missing) outcomes.set(id, existing.has(id) ? "locked elsewhere" : "gone");
    // The same id twice in a batch (a sweeper's job next to the receipt's): the second finds it processed.
    const seen = new Set<string>();
    return ids.map((id) => {
      const outcome = seen.has(id) ? "already processed" : outcomes.get(id)!;
      seen.add(id);
      return outcome;
    });
  }));
}
