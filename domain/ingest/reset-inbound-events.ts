import { and, eq, gte, isNotNull } from "drizzle-orm";
import type { Database } from "../../db/client";
import { inboundEvents } from "../../db/schema/index";
import { conflict, notFound } from "../shared/errors";
import { isUuid } from "../shared/ids";

/** Makes an abandoned (or still pending) event pending again with a fresh attempt budget. */
export async function resetInboundEventForRetry(db: Database, shopId: string, id: string): Promise<void> {
  if (!isUuid(id)) throw notFound("inbound event", "id");
  const [row] = await db.select().from(inboundEvents).where(and(eq(inboundEvents.shopId, shopId), eq(inboundEvents.id, id)));
  if (!row) throw notFound("inbound event", "id");
  if (row.processedAt) throw conflict("the event was processed already; nothing to retry", "id");
  await db.update(inboundEvents).set({ abandonedAt: null, attempts: 0 }).where(eq(inboundEvents.id, id));
}

/**
 * Replay: every event of the shop received since `since` becomes pending again. Re-applying is idempotent. Events
 * whose payload was pruned keep their status: there is nothing left to re-apply.
 */
export async function resetInboundEventsForReplay(db: Database, shopId: string, since: Date | null): Promise<string[]> {
  const rows = await db
    .update(inboundEvents)
    .set({ processedAt: null, abandonedAt: null, attempts: 0, lastError: null, ignoredReason: null })
    .where(and(eq(inboundEvents.shopId, shopId), isNotNull(inboundEvents.payload), since ? gte(inboundEvents.receivedAt, since) : undefined))
    .returning({ id: inboundEvents.id });
  return rows.map((r) => r.id);
}
