import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import { rowsOf } from "../../db/rows";
import type { WebhookEventType } from "./event-types";

/**
 * Writes the event to the outbox (webhook_deliveries), one row per active endpoint of the shop subscribed to
 * its type, in the caller's transaction: a rolled-back change sends nothing. The delivery job sends it after
 * commit. `endpointId` targets one endpoint whatever it subscribes to (the test event). Returns the event id.
 */
export async function emitWebhookEvent(
  db: Database,
  shopId: string,
  type: WebhookEventType | "webhook.test",
  data: Record<string, unknown>,
  options: { now?: Date; endpointId?: string } = {},
): Promise<{ eventId: string; deliveries: number }> {
  const now = options.now ?? new Date();
  const eventId = `msg_${randomUUID().replaceAll("-", "")}`;
  const payload = JSON.stringify({ type, timestamp: now.toISOString(), data });
  const target = options.endpointId ? sql`id = ${options.endpointId}` : sql`active and event_types @> ${JSON.stringify([type])}::jsonb`;
  const result = await db.execute(sql`
    insert into webhook_deliveries (shop_id, endpoint_id, event_id, event_type, payload, next_attempt_at)
    select shop_id, id, ${eventId}, ${type}, ${payload}::jsonb, ${now.toISOString()}::timestamptz
    from webhook_endpoints where shop_id = ${shopId} and ${target}
    returning id`);
  return { eventId, deliveries: rowsOf(result).length };
}
