import { createHmac, randomBytes } from "node:crypto";

/** A Standard Webhooks secret: whsec_ + base64 of random key bytes. */
export const standardWebhooksSecret = () => `whsec_${randomBytes(24).toString("base64")}`;

/**
 * The headers of a Standard Webhooks delivery, computed from the spec: `webhook-signature: v1,<base64 HMAC-SHA256 of
 * "id.timestamp.body" keyed with the base64-decoded part of the whsec_ secret>`.
 */
export function standardWebhooksHeaders(body: string, secret: string, options: { id?: string; timestamp?: number } = {}): Record<string, string> {
  const id = options.id ?? `msg_${randomBytes(8).toString("hex")}`;
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const key = Buffer.from(secret.replace(/^whsec_/, ""), "base64");
  const signature = createHmac("sha256", key).update(`${id}.${timestamp}.${body}`, "utf8").digest("base64");
  return { "webhook-id": id, "webhook-timestamp": String(timestamp), "webhook-signature": `v1,${signature}` };
}

/** A merchant-named HMAC header: hex (or base64) HMAC of the raw body, with an optional prefix such as "sha256=". */
export function headerHmac(body: string, secret: string, options: { algorithm?: string; encoding?: "hex" | "base64"; prefix?: string } = {}): string {
  return `${options.prefix ?? ""}${createHmac(options.algorithm ?? "sha256", secret).update(body, "utf8").digest(options.encoding ?? "hex")}`;
}
