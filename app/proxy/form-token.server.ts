import { createHmac, timingSafeEqual } from "node:crypto";
import { loadConfig } from "../../runtime/config";

const HOUR = 3_600_000;
const VALID_HOURS = 24;
let secret: string | undefined;
const appSecret = () => (secret ??= loadConfig().shopify.apiSecret);

const tokenFor = (subject: string, hour: number) => createHmac("sha256", appSecret()).update(`portal-form:${subject}:${hour}`).digest("base64url");

/**
 * Portal forms carry a token bound to the shop, the logged-in customer and the form. The app proxy drops cookies,
 * so this is what stops another site from posting a form (say, a payout email) with a visitor's login.
 */
export const formToken = (subject: string, now = Date.now()) => tokenFor(subject, Math.floor(now / HOUR));

export function isValidFormToken(subject: string, token: string | null, now = Date.now()): boolean {
  if (!token) return false;
  const given = Buffer.from(token);
  const hour = Math.floor(now / HOUR);
  for (let age = 0; age < VALID_HOURS; age++) {
    const expected = Buffer.from(tokenFor(subject, hour - age));
    if (expected.length === given.length && timingSafeEqual(expected, given)) return true;
  }
  return false;
}
