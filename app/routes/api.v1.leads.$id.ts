import { z } from "zod";
import { rejectLead } from "../../domain/leads/submit-lead";
import { isUuid } from "../../domain/shared/ids";
import { notFound } from "../../domain/shared/errors";
import { apiRoute, ok } from "../api/handler.server";
import { readBody } from "../api/parse.server";
import { leadJson } from "../api/serializers.server";

const body = z.object({ status: z.literal("rejected") }).strict();

export const { loader, action } = apiRoute({
  async PATCH({ db, shopId, params, request }) {
    await readBody(request, body);
    if (!isUuid(params.id!)) throw notFound("lead", "id");
    return ok(leadJson(await rejectLead(db, shopId, params.id!)));
  },
});
