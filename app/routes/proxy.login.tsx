import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { EMAIL_PATTERN } from "../../domain/shared/normalize";
import { authenticateProxy } from "../proxy/authenticate-proxy.server";
import { LoginForm } from "../proxy/login-views";
import { portalErrorResponse, readForm } from "../proxy/portal.server";
import { liquidPage } from "../proxy/render.server";
import { sendLoginLink, shopNameOf } from "../proxy/send-login-link.server";

const NOTICES: Record<string, string> = { signed_out: "You are signed out." };

/** GET https://SHOP/apps/partners/login: sign in to the partner portal with a one-time link sent by email. */
export async function loader({ request }: LoaderFunctionArgs) {
  try {
    const ctx = await authenticateProxy(request);
    const notice = NOTICES[new URL(request.url).searchParams.get("notice") ?? ""] ?? null;
    return liquidPage(<LoginForm pathPrefix={ctx.pathPrefix} shopName={shopNameOf(ctx)} notice={notice} />);
  } catch (error) {
    return portalErrorResponse(error);
  }
}

/** POST `email`: 202 "check your email" whether or not the address is a partner's; 400 naming the field; 429. */
export async function action({ request }: ActionFunctionArgs) {
  try {
    const ctx = await authenticateProxy(request);
    const { email = "" } = await readForm(request);
    if (email.length > 320 || !EMAIL_PATTERN.test(email)) {
      const form = <LoginForm pathPrefix={ctx.pathPrefix} shopName={shopNameOf(ctx)} email={email} error={{ message: "email must be an email address", field: "email" }} />;
      return liquidPage(form, { status: 400 });
    }
    return await sendLoginLink(ctx, request, email);
  } catch (error) {
    return portalErrorResponse(error);
  }
}
