import { PORTAL_SESSION_MINUTES } from "../../domain/portal/find-portal-session";
import { safeEqual } from "../../domain/shared/safe-equal";
import { signatureOf } from "./form-token.server";

const PURPOSE = "portal-session";

/**
 * The portal session of someone who signed in by email: `<sign-in id>.<expiry, unix s>.<HMAC>`, the HMAC (app
 * secret) covering the shop too, so a token is worthless in another shop or after its expiry, and cannot be made
 * without the secret. The app proxy drops cookies, so it travels in the portal's URLs and form actions.
 */
export function signPortalSession(shopId: string, loginId: string, signedInAt: Date): string {
  const expires = Math.floor(signedInAt.getTime() / 1000) + PORTAL_SESSION_MINUTES * 60;
  return `${loginId}.${expires}.${signatureOf(PURPOSE, `${shopId}:${loginId}:${expires}`)}`;
}

/** The sign-in id of a valid, unexpired session token of this shop; null for anything else. */
export function readPortalSession(shopId: string, token: string, now = Date.now()): string | null {
  const [loginId, expires, signature, extra] = token.split(".");
  if (!loginId || !expires || !signature || extra !== undefined || !/^\d{1,12}$/.test(expires)) return null;
  if (!safeEqual(signature, signatureOf(PURPOSE, `${shopId}:${loginId}:${expires}`))) return null;
  return Number(expires) * 1000 > now ? loginId : null;
}
