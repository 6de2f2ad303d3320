import { createHmac } from "node:crypto";
import { safeEqual } from "../../domain/shared/safe-equal";
import { WebhookVerificationError } from "../types";
import { STANDARD_WEBHOOKS_TOLERANCE_SECONDS, type GenericSignature } from "./config";

/** A Standard Webhooks secret is `whsec_` + base64 of the key bytes. */
function standardWebhooksKey(secret: string): Buffer {
  const key = Buffer.from(secret.startsWith("whsec_") ? secret.slice("whsec_".length) : secret, "base64");
  if (key.length === 0) throw new WebhookVerificationError("the connection's secret is not a whsec_ base64 key");
  return key;
}

/**
 * Standard Webhooks: `webhook-signature` lists `v1,<base64 HMAC-SHA256 of "id.timestamp.body">` (space-separated, any
 * may match); `webhook-timestamp` within the tolerance either way. Svix's `svix-*` headers are read too. Returns the id.
 */
export function verifyStandardWebhooks(rawBody: string, headers: Headers, secret: string, toleranceSeconds: number, now: Date): string {
  const header = (name: string) => headers.get(`webhook-${name}`) ?? headers.get(`svix-${name}`);
  const id = header("id");
  const timestamp = header("timestamp");
  const signatures = (header("signature") ?? "").split(" ").filter((part) => part.startsWith("v1,")).map((part) => part.slice(3));
  if (!id || !timestamp || signatures.length === 0) throw new WebhookVerificationError("webhook-id, webhook-timestamp and a v1 webhook-signature are required");
  if (!/^\d{1,12}$/.test(timestamp)) throw new WebhookVerificationError("webhook-timestamp is not unix seconds");
  const expected = createHmac("sha256", standardWebhooksKey(secret)).update(`${id}.${timestamp}.${rawBody}`, "utf8").digest("base64");
  if (!signatures.map((given) => safeEqual(given, expected)).some(Boolean)) throw new WebhookVerificationError("webhook-signature does not match");
  if (Math.abs(Math.floor(now.getTime() / 1000) - Number(timestamp)) > toleranceSeconds) {
    throw new WebhookVerificationError(`webhook-timestamp is more than ${toleranceSeconds} s away`);
  }
  return id;
}

/** An HMAC of the raw body in the header the merchant named, with the connection's secret as the key. */
export function verifyHeaderHmac(rawBody: string, headers: Headers, secret: string, signature: Extract<GenericSignature, { scheme: "hmac" }>): void {
  const value = headers.get(signature.header)?.trim();
  if (!value) throw new WebhookVerificationError(`${signature.header} is missing`);
  const prefix = signature.prefix ?? "";
  if (!value.startsWith(prefix)) throw new WebhookVerificationError(`${signature.header} does not start with ${prefix}`);
  const expected = createHmac(signature.algorithm, secret).update(rawBody, "utf8").digest(signature.encoding);
  const given = value.slice(prefix.length);
  if (!safeEqual(signature.encoding === "hex" ? given.toLowerCase() : given, expected)) throw new WebhookVerificationError(`${signature.header} does not match`);
}

export const standardWebhooksTolerance = (signature: GenericSignature | undefined) =>
  (signature?.scheme === "standard_webhooks" && signature.tolerance_seconds) || STANDARD_WEBHOOKS_TOLERANCE_SECONDS;
