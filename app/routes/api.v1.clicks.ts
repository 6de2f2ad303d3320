import { z } from "zod";
import { recordClick } from "../../domain/links/record-click";
import { clickFingerprintKey } from "../../runtime/current-secret-box";
import { apiRoute, created } from "../api/handler.server";
import { readBody } from "../api/parse.server";

const body = z
  .object({
    referral_key: z.string().trim().min(1).max(64),
    url: z.url().max(2000),
    visitor_id: z.string().max(200).optional(),
    at: z.iso.datetime({ offset: true }).optional(),
  })
  .strict();

export const { loader, action } = apiRoute({
  async POST({ db, shopId, request }) {
    const input = await readBody(request, body);
    const click = await recordClick(db, shopId, {
      referralKey: input.referral_key,
      url: input.url,
      visitorId: input.visitor_id,
      at: input.at ? new Date(input.at) : undefined,
      ip: request.headers.get("x-forwarded-for")?.split(",")[0]?.trim() ?? null,
      userAgent: request.headers.get("user-agent"),
    }, clickFingerprintKey());
    return created({ id: click.id, partner_id: click.partnerId, program_id: click.programId, clicked_at: click.clickedAt.toISOString() });
  },
});
