import { isbot } from "isbot";
import { z } from "zod";
import { recordClick } from "../../domain/links/record-click";
import { clickFingerprintKey } from "../../runtime/current-secret-box";
import { ApiError } from "../api/errors.server";
import { apiRoute, created } from "../api/handler.server";
import { readBody } from "../api/parse.server";
import { CLICKS_PER_IP_PER_MINUTE, clientIp, withinRateLimit } from "../proxy/rate-limit.server";

const body = z
  .object({
    referral_key: z.string().trim().min(1).max(64),
    url: z.url().max(2000),
    visitor_id: z.string().max(200).optional(),
    at: z.iso.datetime({ offset: true }).optional(),
    /** The visitor's address and browser as the reporting server saw them; without them the request's own are fingerprinted. */
    ip: z.union([z.ipv4(), z.ipv6()]).optional(),
    user_agent: z.string().max(1000).optional(),
  })
  .strict();

export const { loader, action } = apiRoute({
  async POST({ db, shopId, request }) {
    const input = await readBody(request, body);
    // The request comes from the merchant's server: only the visitor it reports (ip, user_agent) is filtered and limited.
    if (input.user_agent && isbot(input.user_agent)) return Response.json({ recorded: false, reason: "bot" }, { status: 202 });
    if (input.ip && !(await withinRateLimit(`clicks:${shopId}`, input.ip, CLICKS_PER_IP_PER_MINUTE))) {
      throw new ApiError(429, "rate_limited", `at most ${CLICKS_PER_IP_PER_MINUTE} clicks a minute from one address`, "ip");
    }
    const ip = input.ip ?? clientIp(request);
    const userAgent = input.user_agent ?? request.headers.get("user-agent");
    const click = await recordClick(
      db,
      shopId,
      { referralKey: input.referral_key, url: input.url, visitorId: input.visitor_id, at: input.at ? new Date(input.at) : undefined, ip, userAgent },
      clickFingerprintKey(),
    );
    return created({ id: click.id, partner_id: click.partnerId, program_id: click.programId, clicked_at: click.clickedAt.toISOString() });
  },
});
