import { and, asc, eq, lte } from "drizzle-orm";
import type { Database } from "../../db/client";
import { webhookDeliveries } from "../../db/schema/index";

/** Pending deliveries whose next attempt is due, oldest first, with their attempt count (for a per-attempt job id). */
export async function dueWebhookDeliveries(db: Database, now: Date, limit: number): Promise<{ id: string; attempts: number }[]> {
  return db
    .select({ id: webhookDeliveries.id, attempts: webhookDeliveries.attempts })
    .from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.status, "pending"), lte(webhookDeliveries.nextAttemptAt, now)))
    .orderBy(asc(webhookDeliveries.nextAttemptAt))
    .limit(limit);
}
