import { createHmac } from "node:crypto";

/** Stripe-Signature computed independently of the SDK: t=<unix>,v1=hex(HMAC-SHA256(secret, `${t}.${body}`)). */
export function signStripePayload(body: string, secret: string, timestamp = Math.floor(Date.now() / 1000)): string {
  return `t=${timestamp},v1=${createHmac("sha256", secret).update(`${timestamp}.${body}`, "utf8").digest("hex")}`;
}

/** A Stripe event envelope around an object, as Stripe delivers it. */
export function stripeEvent(type: string, object: unknown, overrides: Record<string, unknown> = {}) {
  return { id: `evt_${Math.random().toString(36).slice(2)}`, object: "event", api_version: "2026-04-22.dahlia", created: Math.floor(Date.now() / 1000), livemode: false, pending_webhooks: 1, type, data: { object }, ...overrides };
}
