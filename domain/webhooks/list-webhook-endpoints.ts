import { and, eq } from "drizzle-orm";
import type { Database } from "../../db/client";
import { webhookEndpoints } from "../../db/schema/index";
import { cursorAt, windowOf, type RowWindow } from "../shared/row-window";

/** The shop's endpoints (limit + 1 rows, see RowWindow). Their secret stays sealed: callers never show it. */
export function listWebhookEndpoints(db: Database, shopId: string, window: RowWindow) {
  const w = windowOf(window, webhookEndpoints.createdAt, webhookEndpoints.id);
  return db
    .select({ endpoint: webhookEndpoints, cursorAt: cursorAt(webhookEndpoints.createdAt) })
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.shopId, shopId), w.where))
    .orderBy(...w.orderBy)
    .limit(w.limit)
    .offset(w.offset);
}
