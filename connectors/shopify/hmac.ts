import { createHmac, timingSafeEqual } from "node:crypto";

/** X-Shopify-Hmac-Sha256 (base64 HMAC-SHA256 of the raw body with the app secret), compared in constant time. */
export function shopifyHmacMatches(rawBody: string | Buffer, header: string | null, secret: string): boolean {
  const given = Buffer.from(header ?? "", "base64");
  const expected = createHmac("sha256", secret).update(rawBody).digest();
  return given.length === expected.length && timingSafeEqual(given, expected);
}
