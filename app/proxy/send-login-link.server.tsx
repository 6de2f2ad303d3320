import type { PortalApplication } from "../../db/schema/index";
import { portalLoginEmail } from "../../domain/mail/portal-login-email";
import { LOGIN_LINK_MINUTES, requestPortalLogin } from "../../domain/portal/request-portal-login";
import { normalizeEmail } from "../../domain/shared/normalize";
import { db } from "../db.server";
import type { ProxyContext } from "./authenticate-proxy.server";
import { enqueueEmail } from "./enqueue-email.server";
import { CheckEmail } from "./login-views";
import { messagePage } from "./portal.server";
import { clientIp, withinRateLimit } from "./rate-limit.server";
import { liquidPage } from "./render.server";

/** Sign-in links one address may ask for in a quarter of an hour, and requests one IP may make, per shop. */
export const LOGIN_LINKS_PER_EMAIL = 3;
export const LOGIN_REQUESTS_PER_IP = 10;
const WINDOW_SECONDS = 15 * 60;

export const shopNameOf = (ctx: ProxyContext) => ctx.shop.name || ctx.shop.domain;

/**
 * Emails a one-time sign-in link (with an application, when given) and answers "check your email": the same
 * page whether or not the address is a partner's, and also when the address already had its share of links
 * (then nothing is sent). Too many requests from one IP answer 429. The email must be well-formed already;
 * a program that takes no applications throws the DomainError naming it.
 */
export async function sendLoginLink(ctx: ProxyContext, request: Request, email: string, application: PortalApplication | null = null): Promise<Response> {
  if (!(await withinRateLimit(`portal-login-ip:${ctx.shop.id}`, clientIp(request) ?? "unknown", LOGIN_REQUESTS_PER_IP, WINDOW_SECONDS))) {
    return messagePage("Sign in", "Too many sign-in requests from your network. Wait a quarter of an hour and try again.", 429);
  }
  if (await withinRateLimit(`portal-login-email:${ctx.shop.id}`, normalizeEmail(email), LOGIN_LINKS_PER_EMAIL, WINDOW_SECONDS)) {
    const { token } = await requestPortalLogin(db(), ctx.shop.id, { email, application });
    const url = `https://${ctx.shop.domain}${ctx.pathPrefix}/login/confirm?token=${token}`;
    try {
      await enqueueEmail(portalLoginEmail({ to: email, shopName: shopNameOf(ctx), url, validMinutes: LOGIN_LINK_MINUTES }));
    } catch (error) {
      console.error(`[portal] sign-in email not queued: ${(error as Error).message}`);
      return messagePage("Sign in", "We cannot send email right now. Please try again in a few minutes.", 503);
    }
  }
  return liquidPage(<CheckEmail pathPrefix={ctx.pathPrefix} email={email} />, { status: 202 });
}
