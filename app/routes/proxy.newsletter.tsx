import type { LoaderFunctionArgs } from "@remix-run/node";
import { subscriberProgress } from "../../domain/newsletter/subscriber-progress";
import { findPartnerById } from "../../domain/partners/find-partner";
import { findProgramOrThrow } from "../../domain/programs/find-program-or-throw";
import { db } from "../db.server";
import { authenticateProxy } from "../proxy/authenticate-proxy.server";
import { readSignedValue, SUBSCRIBER_PAGE } from "../proxy/form-token.server";
import { SubscriberPage } from "../proxy/newsletter-views";
import { messagePage, portalErrorResponse } from "../proxy/portal.server";
import { liquidPage } from "../proxy/render.server";

/** GET https://SHOP/apps/partners/newsletter?subscriber=S: a confirmed subscriber's link and milestone progress. */
export async function loader({ request }: LoaderFunctionArgs) {
  try {
    const ctx = await authenticateProxy(request);
    const [shopId, partnerId] = (readSignedValue(SUBSCRIBER_PAGE, new URL(request.url).searchParams.get("subscriber")) ?? "").split(":");
    const subscriber = shopId === ctx.shop.id && partnerId ? await findPartnerById(db(), ctx.shop.id, partnerId) : undefined;
    if (!subscriber) return messagePage("Your referrals", "This link is not valid. Use the link from your confirmation.", 404);
    const program = await findProgramOrThrow(db(), ctx.shop.id, subscriber.programId);
    const progress = await subscriberProgress(db(), program, subscriber);
    const link = `https://${ctx.shop.domain}${ctx.pathPrefix}/newsletter/join?ref=${encodeURIComponent(subscriber.key)}`;
    return liquidPage(<SubscriberPage link={link} currency={program.currency} progress={progress} />);
  } catch (error) {
    return portalErrorResponse(error);
  }
}
