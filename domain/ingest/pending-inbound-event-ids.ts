import { and, isNull, lt } from "drizzle-orm";
import type { Database } from "../../db/client";
import { inboundEvents } from "../../db/schema/index";

/** Stored events neither processed nor abandoned, received before the cutoff, oldest first. */
export async function pendingInboundEventIds(db: Database, receivedBefore: Date, limit: number): Promise<string[]> {
  const rows = await db
    .select({ id: inboundEvents.id })
    .from(inboundEvents)
    .where(and(isNull(inboundEvents.processedAt), isNull(inboundEvents.abandonedAt), lt(inboundEvents.receivedAt, receivedBefore)))
    .orderBy(inboundEvents.receivedAt)
    .limit(limit);
  return rows.map((r) => r.id);
}
