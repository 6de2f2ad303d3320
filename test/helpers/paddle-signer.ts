import { createHmac } from "node:crypto";

/** `Paddle-Signature: ts=<unix seconds>;h1=hex(HMAC-SHA256(secret, `${ts}:${body}`))`, one h1 per secret (rotation). */
export function signPaddlePayload(body: string, secrets: string | string[], timestamp = Math.floor(Date.now() / 1000)): string {
  const h1s = [secrets].flat().map((secret) => `h1=${createHmac("sha256", secret).update(`${timestamp}:${body}`, "utf8").digest("hex")}`);
  return [`ts=${timestamp}`, ...h1s].join(";");
}

/** A Paddle notification body around an entity, shaped as Paddle delivers it. */
export function paddleEvent(eventType: string, data: unknown, overrides: Record<string, unknown> = {}) {
  return {
    event_id: `evt_${Math.random().toString(36).slice(2, 14)}`,
    event_type: eventType,
    occurred_at: "2026-11-30T10:00:00.000000Z",
    notification_id: `ntf_${Math.random().toString(36).slice(2, 14)}`,
    data,
    ...overrides,
  };
}
