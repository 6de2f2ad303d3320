import type { LoaderFunctionArgs } from "@remix-run/node";
import { confirmSubscriberByToken } from "../../domain/newsletter/confirm-subscriber";
import { db } from "../db.server";
import { authenticateProxy } from "../proxy/authenticate-proxy.server";
import { signValue, SUBSCRIBER_PAGE } from "../proxy/form-token.server";
import { portalErrorResponse } from "../proxy/portal.server";
import { storefrontRedirect } from "../proxy/render.server";

/** GET https://SHOP/apps/partners/newsletter/confirm?token=T: the double opt-in link; then the subscriber's page. */
export async function loader({ request }: LoaderFunctionArgs) {
  try {
    const ctx = await authenticateProxy(request);
    const subscriber = await confirmSubscriberByToken(db(), ctx.shop.id, new URL(request.url).searchParams.get("token") ?? "");
    return storefrontRedirect(`${ctx.pathPrefix}/newsletter?subscriber=${encodeURIComponent(signValue(SUBSCRIBER_PAGE, `${ctx.shop.id}:${subscriber.id}`))}`);
  } catch (error) {
    return portalErrorResponse(error);
  }
}
