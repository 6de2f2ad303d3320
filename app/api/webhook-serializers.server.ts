import type { webhookAttempts, webhookDeliveries } from "../../db/schema/index";
import type { WebhookEndpoint } from "../../db/schema/rows";

const iso = (d: Date | null) => d?.toISOString() ?? null;

/** The secret is never listed: only the creating call returns it (`withSecret`). */
export function webhookEndpointJson(e: WebhookEndpoint, withSecret = false) {
  return {
    id: e.id,
    url: e.url,
    events: e.eventTypes,
    active: e.active,
    ...(withSecret ? { secret: e.secret } : {}),
    failing_since: iso(e.failingSince),
    disabled_at: iso(e.disabledAt),
    disabled_reason: e.disabledReason,
    created_at: iso(e.createdAt),
  };
}

export function webhookDeliveryJson(d: typeof webhookDeliveries.$inferSelect, attempts: (typeof webhookAttempts.$inferSelect)[]) {
  return {
    id: d.id,
    endpoint_id: d.endpointId,
    event_id: d.eventId,
    type: d.eventType,
    payload: d.payload,
    status: d.status,
    attempt_count: d.attempts,
    next_attempt_at: iso(d.nextAttemptAt),
    delivered_at: iso(d.deliveredAt),
    created_at: iso(d.createdAt),
    attempts: attempts.map((a) => ({ status_code: a.statusCode, error: a.error, duration_ms: a.durationMs, attempted_at: iso(a.attemptedAt) })),
  };
}
