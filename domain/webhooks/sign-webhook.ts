import { createHmac, randomBytes } from "node:crypto";

/** Standard Webhooks secret: whsec_ + base64 of 32 random bytes. */
export const generateWebhookSecret = () => `whsec_${randomBytes(32).toString("base64")}`;

/** Standard Webhooks signature header value: "v1," + base64 HMAC-SHA256 of `id.timestamp.body` keyed by the secret's bytes. */
export function signWebhook(secret: string, id: string, timestampSeconds: number, body: string): string {
  const key = Buffer.from(secret.startsWith("whsec_") ? secret.slice(6) : secret, "base64");
  return `v1,${createHmac("sha256", key).update(`${id}.${timestampSeconds}.${body}`).digest("base64")}`;
}
