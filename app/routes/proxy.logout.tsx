import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { revokePortalSession } from "../../domain/portal/find-portal-session";
import { db } from "../db.server";
import { authenticateProxy } from "../proxy/authenticate-proxy.server";
import { portalErrorResponse } from "../proxy/portal.server";
import { readPortalSession } from "../proxy/portal-session.server";
import { storefrontRedirect } from "../proxy/render.server";

/** GET: nothing to do here; the sign-in page. */
export async function loader({ request }: LoaderFunctionArgs) {
  try {
    const ctx = await authenticateProxy(request);
    return storefrontRedirect(`${ctx.pathPrefix}/login`);
  } catch (error) {
    return portalErrorResponse(error);
  }
}

/** POST https://SHOP/apps/partners/logout?session=S: ends the email session everywhere its URL went; 303 to sign-in. */
export async function action({ request }: ActionFunctionArgs) {
  try {
    const ctx = await authenticateProxy(request);
    const loginId = readPortalSession(ctx.shop.id, new URL(request.url).searchParams.get("session") ?? "");
    if (loginId) await revokePortalSession(db(), ctx.shop.id, loginId);
    return storefrontRedirect(`${ctx.pathPrefix}/login?notice=signed_out`);
  } catch (error) {
    return portalErrorResponse(error);
  }
}
