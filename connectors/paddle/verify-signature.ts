import { createHmac } from "node:crypto";
import { safeEqual } from "../../domain/shared/safe-equal";
import { WebhookVerificationError } from "../types";

/**
 * `Paddle-Signature: ts=<unix seconds>;h1=<hex>[;h1=<hex>...]`, h1 = hex HMAC-SHA256 of `${ts}:${rawBody}` with the
 * notification destination's secret. Any h1 may match (Paddle sends several while a secret is rotated).
 */
export function verifyPaddleSignature(rawBody: string, header: string | null, secret: string, toleranceSeconds: number, now: Date): void {
  if (!header) throw new WebhookVerificationError("Paddle-Signature is missing");
  const parts = header.split(";").map((part) => part.trim().split("="));
  const ts = parts.find(([key]) => key === "ts")?.[1];
  const signatures = parts.filter(([key, value]) => key === "h1" && value).map(([, value]) => value!.toLowerCase());
  if (!ts || !/^\d{1,12}$/.test(ts) || signatures.length === 0) throw new WebhookVerificationError("Paddle-Signature needs ts= and h1=");
  const expected = createHmac("sha256", secret).update(`${ts}:${rawBody}`, "utf8").digest("hex");
  // Every candidate is compared, so the time taken does not say which one matched.
  const matched = signatures.map((given) => safeEqual(given, expected)).some(Boolean);
  if (!matched) throw new WebhookVerificationError("Paddle-Signature does not match");
  if (Math.floor(now.getTime() / 1000) - Number(ts) > toleranceSeconds) throw new WebhookVerificationError(`Paddle-Signature older than ${toleranceSeconds} s`);
}
