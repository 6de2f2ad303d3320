import { clickFingerprintKey } from "../../runtime/current-secret-box";
import type { ActionFunctionArgs } from "@remix-run/node";
import { isbot } from "isbot";
import { z } from "zod";
import { recordClick } from "../../domain/links/record-click";
import { errorResponse, toErrorResponse } from "../api/errors.server";
import { readBody } from "../api/parse.server";
import { db } from "../db.server";
import { authenticateProxy } from "../proxy/authenticate-proxy.server";
import { CLICKS_PER_IP_PER_MINUTE, clientIp, withinRateLimit } from "../proxy/rate-limit.server";

const body = z.object({
  referral_key: z.string().trim().min(1).max(64),
  url: z.url().max(2000),
  visitor_id: z.string().max(200).optional(),
});

export const loader = () => errorResponse(405, "method_not_allowed", "POST a click to /apps/partners/track");

/** The tracking script's click beacon, through the app proxy (https://SHOP/apps/partners/track). */
export async function action({ request }: ActionFunctionArgs) {
  try {
    const { shop } = await authenticateProxy(request);
    if (request.method !== "POST") return loader();
    const userAgent = request.headers.get("user-agent") ?? "";
    if (!userAgent || isbot(userAgent)) return Response.json({ recorded: false, reason: "bot" }, { status: 202 });
    const ip = clientIp(request);
    if (!(await withinRateLimit(`track:${shop.id}`, ip ?? "unknown", CLICKS_PER_IP_PER_MINUTE))) {
      return errorResponse(429, "rate_limited", `at most ${CLICKS_PER_IP_PER_MINUTE} clicks a minute from one address`);
    }
    const input = await readBody(request, body);
    const click = await recordClick(db(), shop.id, { referralKey: input.referral_key, url: input.url, visitorId: input.visitor_id, ip, userAgent }, clickFingerprintKey());
    return Response.json({ recorded: true, click_id: click.id, clicked_at: click.clickedAt.toISOString() }, { status: 201 });
  } catch (error) {
    return toErrorResponse(error);
  }
}
