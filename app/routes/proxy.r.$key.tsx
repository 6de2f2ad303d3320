import type { LoaderFunctionArgs } from "@remix-run/node";
import { referralRedirectUrl } from "../../domain/links/referral-redirect";
import { toErrorResponse } from "../api/errors.server";
import { db } from "../db.server";
import { authenticateProxy } from "../proxy/authenticate-proxy.server";

/** GET https://SHOP/apps/partners/r/KEY: a partner's path-form link, answered with a 302 to the store carrying ?ref=KEY. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  try {
    const { shop } = await authenticateProxy(request);
    const key = (params.key ?? "").trim();
    if (!key || key.length > 64) return new Response("The link has no referral key.", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
    const target = await referralRedirectUrl(db(), shop, "/r", key, new URL(request.url).searchParams);
    if (!target) return new Response("This store has no program with /r/ links.", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
    return new Response(null, { status: 302, headers: { Location: target, "Cache-Control": "no-store" } });
  } catch (error) {
    return toErrorResponse(error);
  }
}
