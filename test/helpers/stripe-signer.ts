import { createHmac, randomUUID } from "node:crypto";

/**
 * A `Stripe-Signature` header value computed independently of the stripe SDK, as SIGNING.md describes:
 * `t=<unix seconds>,v1=hex(HMAC-SHA256(key = the whsec_ secret as-is, msg = `${t}.${body}`))`.
 */
export function signStripePayload(body: string, secret: string, timestamp = Math.floor(Date.now() / 1000)): string {
  const v1 = createHmac("sha256", secret).update(`${timestamp}.${body}`, "utf8").digest("hex");
  return `t=${timestamp},v1=${v1}`;
}

/** A Stripe event envelope around an object, shaped as Stripe delivers it; `overrides` replace envelope fields (id, created, data...). */
export function stripeEvent(type: string, object: unknown, overrides: Record<string, unknown> = {}) {
  return {
    id: `evt_test_${randomUUID().replaceAll("-", "")}`,
    object: "event",
    api_version: "2026-04-22.dahlia",
    created: Math.floor(Date.now() / 1000),
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type,
    data: { object },
    ...overrides,
  };
}
