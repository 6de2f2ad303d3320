import { findPortalSession } from "../../domain/portal/find-portal-session";
import { db } from "../db.server";
import type { ProxyContext } from "./authenticate-proxy.server";
import { readPortalSession } from "./portal-session.server";

/**
 * Who is looking at the portal: a Shopify customer (the signed logged_in_customer_id) or someone who signed in
 * with the one-time email link (the `session` query parameter). `subject` is what form tokens are bound to.
 */
export type Viewer =
  | { kind: "customer"; customerId: string; subject: string; session: null }
  | { kind: "email"; email: string; loginId: string; subject: string; session: string };

export class SessionExpired extends Error {
  override name = "SessionExpired";
}

/**
 * A `session` parameter wins over the customer login: it was put in the URL on purpose. A session that is
 * forged, expired, revoked or another shop's throws SessionExpired (the caller answers 401); none is null.
 */
export async function portalViewer(ctx: ProxyContext, request: Request): Promise<Viewer | null> {
  const session = new URL(request.url).searchParams.get("session");
  if (session) {
    const loginId = readPortalSession(ctx.shop.id, session);
    const login = loginId ? await findPortalSession(db(), ctx.shop.id, loginId) : undefined;
    if (!login) throw new SessionExpired();
    return { kind: "email", email: login.email, loginId: login.id, subject: `session:${login.id}`, session };
  }
  if (ctx.customerId) return { kind: "customer", customerId: ctx.customerId, subject: ctx.customerId, session: null };
  return null;
}
