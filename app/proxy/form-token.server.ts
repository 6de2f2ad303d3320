import { createHmac } from "node:crypto";
import { safeEqual } from "../../domain/shared/safe-equal";
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
  const hour = Math.floor(now / HOUR);
  for (let age = 0; age < VALID_HOURS; age++) {
    if (safeEqual(token, tokenFor(subject, hour - age))) return true;
  }
  return false;
}

/** The purpose of the signed value in a newsletter subscriber's page link. */
export const SUBSCRIBER_PAGE = "newsletter-subscriber";

/** HMAC-SHA256 of a purpose-tagged value with the app secret, base64url. */
export const signatureOf = (purpose: string, value: string) => createHmac("sha256", appSecret()).update(`${purpose}:${value}`).digest("base64url");

/** A value the app hands out in a link (a subscriber's page) and recognises later, unforgeable without the app secret. */
export const signValue = (purpose: string, value: string) => `${value}.${signatureOf(purpose, value)}`;

export function readSignedValue(purpose: string, signed: string | null): string | null {
  const dot = signed?.lastIndexOf(".") ?? -1;
  if (!signed || dot <= 0) return null;
  const value = signed.slice(0, dot);
  return safeEqual(signed.slice(dot + 1), signatureOf(purpose, value)) ? value : null;
}
