import { and, asc, eq, inArray } from "drizzle-orm";
import type { Database } from "../../db/client";
import { webhookAttempts, webhookDeliveries } from "../../db/schema/index";
import { cursorAt, windowOf, type RowWindow } from "../shared/row-window";

export const deliveryStatuses = ["pending", "delivered", "failed"] as const;

/** One endpoint's deliveries (limit + 1 rows, see RowWindow), each with every attempt, oldest attempt first. */
export async function listWebhookDeliveries(
  db: Database,
  shopId: string,
  endpointId: string,
  filter: { status?: (typeof deliveryStatuses)[number] },
  window: RowWindow,
) {
  const w = windowOf(window, webhookDeliveries.createdAt, webhookDeliveries.id);
  const rows = await db
    .select({ delivery: webhookDeliveries, cursorAt: cursorAt(webhookDeliveries.createdAt) })
    .from(webhookDeliveries)
    .where(
      and(
        eq(webhookDeliveries.shopId, shopId),
        eq(webhookDeliveries.endpointId, endpointId),
        filter.status ? eq(webhookDeliveries.status, filter.status) : undefined,
        w.where,
      ),
    )
    .orderBy(...w.orderBy)
    .limit(w.limit)
    .offset(w.offset);
  const ids = rows.slice(0, window.limit).map((r) => r.delivery.id);
  const attempts = ids.length
    ? await db.select().from(webhookAttempts).where(and(eq(webhookAttempts.shopId, shopId), inArray(webhookAttempts.deliveryId, ids))).orderBy(asc(webhookAttempts.attemptedAt))
    : [];
  return rows.map((r) => ({ ...r, attempts: attempts.filter((a) => a.deliveryId === r.delivery.id) }));
}
