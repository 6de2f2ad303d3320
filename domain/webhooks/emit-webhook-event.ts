import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import { rowsOf } from "../../db/rows";
import { webhookEndpoints } from "../../db/schema/index";
import { cachedLookup, insideLookupCache } from "../shared/lookup-cache";
import type { WebhookEventType } from "./event-types";

/** The event types some active endpoint of the shop subscribes to (read once per lookup-cache scope). */
function subscribedTypes(db: Database, shopId: string): Promise<Set<string>> {
  return cachedLookup(`webhook-event-types:${shopId}`, async () => {
    const rows = await db.select({ eventTypes: webhookEndpoints.eventTypes }).from(webhookEndpoints).where(and(eq(webhookEndpoints.shopId, shopId), eq(webhookEndpoints.active, true)));
    return new Set(rows.flatMap((row) => row.eventTypes));
  });
}

/**
 * Writes the event to the outbox (webhook_deliveries), one row per active endpoint of the shop subscribed to
 * its type, in the caller's transaction: a rolled-back change sends nothing. The delivery job sends it after
 * commit. `endpointId` targets one endpoint whatever it subscribes to (the test event). Returns the event id (empty
 * when, inside a lookup-cache scope, no endpoint of the shop subscribes to the type and nothing was written).
 */
export async function emitWebhookEvent(
  db: Database,
  shopId: string,
  type: WebhookEventType | "webhook.test",
  data: Record<string, unknown>,
  options: { now?: Date; endpointId?: string } = {},
): Promise<{ eventId: string; deliveries: number }> {
  const now = options.now ?? new Date();
  if (!options.endpointId && insideLookupCache() && !(await subscribedTypes(db, shopId)).has(type)) return { eventId: "", deliveries: 0 };
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
