import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { isPortalLoginUsable, redeemPortalLogin } from "../../domain/portal/redeem-portal-login";
import { db } from "../db.server";
import { authenticateProxy, type ProxyContext } from "../proxy/authenticate-proxy.server";
import { ConfirmSignIn } from "../proxy/login-views";
import { messagePage, portalErrorResponse, readForm } from "../proxy/portal.server";
import { signPortalSession } from "../proxy/portal-session.server";
import { portalUrl } from "../proxy/portal-views";
import { liquidPage, storefrontRedirect } from "../proxy/render.server";
import { shopNameOf } from "../proxy/send-login-link.server";

/** One answer for an unknown, tampered, expired or used link. */
const unusable = (ctx: ProxyContext) =>
  messagePage("Sign in", `This sign-in link has expired or was already used. Ask for a new one at ${ctx.pathPrefix}/login.`, 410);

/** GET https://SHOP/apps/partners/login/confirm?token=T: the emailed link; shows the button that uses it. */
export async function loader({ request }: LoaderFunctionArgs) {
  try {
    const ctx = await authenticateProxy(request);
    const token = new URL(request.url).searchParams.get("token") ?? "";
    if (!(await isPortalLoginUsable(db(), ctx.shop.id, token))) return unusable(ctx);
    return liquidPage(<ConfirmSignIn pathPrefix={ctx.pathPrefix} shopName={shopNameOf(ctx)} token={token} />);
  } catch (error) {
    return portalErrorResponse(error);
  }
}

/** POST `token`: uses the link once, starts the portal session, 303 to the dashboard (or the application form). */
export async function action({ request }: ActionFunctionArgs) {
  try {
    const ctx = await authenticateProxy(request);
    const { token = "" } = await readForm(request);
    const redeemed = await redeemPortalLogin(db(), ctx.shop.id, token);
    if (!redeemed) return unusable(ctx);
    const session = signPortalSession(ctx.shop.id, redeemed.login.id, redeemed.login.usedAt!);
    const params = redeemed.joined ? { program: redeemed.joined.programId, notice: "joined" } : { notice: "signed_in" };
    return storefrontRedirect(portalUrl(ctx.pathPrefix, "/portal", params, session));
  } catch (error) {
    return portalErrorResponse(error);
  }
}
