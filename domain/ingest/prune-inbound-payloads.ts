import { and, inArray, isNotNull, isNull, lt } from "drizzle-orm";
import type { Database } from "../../db/client";
import { inboundEvents } from "../../db/schema/index";

/**
 * Sets to null the payloads of processed or ignored events received before the cutoff, in batches. The rows stay
 * (a late redelivery is still a duplicate); pending and abandoned events keep their payloads, they may still be applied.
 * Returns how many payloads were pruned.
 */
export async function pruneInboundPayloads(db: Database, receivedBefore: Date, batchSize = 1_000): Promise<number> {
  let pruned = 0;
  for (;;) {
    const batch = db
      .select({ id: inboundEvents.id })
      .from(inboundEvents)
      .where(
        and(
          isNotNull(inboundEvents.processedAt),
          isNull(inboundEvents.abandonedAt),
          isNotNull(inboundEvents.payload),
          lt(inboundEvents.receivedAt, receivedBefore),
        ),
      )
      .limit(batchSize);
    const rows = await db
      .update(inboundEvents)
      .set({ payload: null, payloadPrunedAt: new Date() })
      .where(and(inArray(inboundEvents.id, batch), isNotNull(inboundEvents.processedAt), isNull(inboundEvents.abandonedAt)))
      .returning({ id: inboundEvents.id });
    pruned += rows.length;
    if (rows.length < batchSize) return pruned;
  }
}
