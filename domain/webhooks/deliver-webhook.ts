import { and, eq, lte, sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import { webhookAttempts, webhookDeliveries, webhookEndpoints } from "../../db/schema/index";
import { DISABLE_AFTER_MS, MAX_ATTEMPTS, RETRY_DELAYS_MS } from "./event-types";
import { sendWebhookRequest, type SendResult } from "./send-webhook-request";
import { signWebhook } from "./sign-webhook";
import type { SecretBox } from "../access/secret-box";

/** Longer than any request may take, so a claimed delivery is never sent twice at once; a dead worker's claim expires. */
const CLAIM_MS = 60_000;

export type DeliveryOutcome = "delivered" | "retrying" | "failed" | "not due";

export interface DeliverOptions {
  now?: Date;
  /** Local mode: loopback and private addresses are allowed (a receiver on this machine). */
  allowPrivate: boolean;
  /** Opens the endpoint's signing secret, stored encrypted. */
  secrets: Pick<SecretBox, "open">;
  log?: (message: string) => void;
}

/**
 * One attempt at a due delivery: claim it (a short update, so no transaction is held during the request), POST
 * it signed the Standard Webhooks way, record the attempt with its status and latency, then mark it delivered,
 * schedule the next attempt (5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h) or give up after the last. An endpoint
 * failing for 5 days is disabled with the reason, which the API shows to the merchant.
 */
export async function deliverWebhook(db: Database, deliveryId: string, options: DeliverOptions): Promise<DeliveryOutcome> {
  const now = options.now ?? new Date();
  const [delivery] = await db
    .update(webhookDeliveries)
    .set({ nextAttemptAt: new Date(now.getTime() + CLAIM_MS) })
    .where(and(eq(webhookDeliveries.id, deliveryId), eq(webhookDeliveries.status, "pending"), lte(webhookDeliveries.nextAttemptAt, now)))
    .returning();
  if (!delivery) return "not due";
  const [endpoint] = await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, delivery.endpointId));
  const testEvent = delivery.eventType === "webhook.test";
  let result: SendResult;
  if (!endpoint || (!endpoint.active && !testEvent)) {
    result = { statusCode: null, error: "the endpoint is disabled", durationMs: 0 };
  } else {
    const body = JSON.stringify(delivery.payload);
    const timestamp = Math.floor(now.getTime() / 1000);
    const headers = {
      "webhook-id": delivery.eventId,
      "webhook-timestamp": String(timestamp),
      "webhook-signature": signWebhook(options.secrets.open(endpoint.secret), delivery.eventId, timestamp, body),
      "user-agent": "AffiliateHub-Webhooks/1",
    };
    result = await sendWebhookRequest(endpoint.url, headers, body, options.allowPrivate);
  }
  const ok = result.statusCode !== null && result.statusCode >= 200 && result.statusCode < 300;
  const attempts = delivery.attempts + 1;
  const finished = new Date(now.getTime() + result.durationMs);
  await db.insert(webhookAttempts).values({
    shopId: delivery.shopId,
    deliveryId: delivery.id,
    statusCode: result.statusCode,
    error: ok ? null : (result.error ?? `answered ${result.statusCode}`).slice(0, 1000),
    durationMs: result.durationMs,
    attemptedAt: now,
  });
  const disabled = !endpoint || (!endpoint.active && !testEvent);
  const outcome: DeliveryOutcome = ok ? "delivered" : attempts >= MAX_ATTEMPTS || disabled ? "failed" : "retrying";
  await db
    .update(webhookDeliveries)
    .set({
      attempts,
      status: outcome === "retrying" ? "pending" : outcome === "delivered" ? "delivered" : "failed",
      deliveredAt: ok ? finished : null,
      nextAttemptAt: outcome === "retrying" ? new Date(now.getTime() + RETRY_DELAYS_MS[attempts]!) : null,
    })
    .where(eq(webhookDeliveries.id, delivery.id));
  if (endpoint && !disabled && !testEvent) await trackEndpointHealth(db, endpoint.id, ok, now, options.log);
  return outcome;
}

async function trackEndpointHealth(db: Database, endpointId: string, ok: boolean, now: Date, log?: (message: string) => void) {
  if (ok) {
    await db.update(webhookEndpoints).set({ failingSince: null }).where(eq(webhookEndpoints.id, endpointId));
    return;
  }
  const [endpoint] = await db
    .update(webhookEndpoints)
    .set({ failingSince: sql`coalesce(${webhookEndpoints.failingSince}, ${now.toISOString()}::timestamptz)` })
    .where(eq(webhookEndpoints.id, endpointId))
    .returning();
  if (!endpoint?.active || !endpoint.failingSince || now.getTime() - endpoint.failingSince.getTime() < DISABLE_AFTER_MS) return;
  const reason = `every delivery failed since ${endpoint.failingSince.toISOString()} (5 days): fix the endpoint and re-enable it`;
  await db.update(webhookEndpoints).set({ active: false, disabledAt: now, disabledReason: reason }).where(eq(webhookEndpoints.id, endpointId));
  log?.(`webhook endpoint ${endpointId} of shop ${endpoint.shopId} disabled: ${reason}`);
}
