import { z } from "zod";
import { submitLead } from "../../domain/leads/submit-lead";
import { apiRoute, created } from "../api/handler.server";
import { readBody } from "../api/parse.server";
import { leadJson } from "../api/serializers.server";

const body = z
  .object({ program_id: z.string().min(1), partner_key: z.string().trim().min(1), email: z.email(), name: z.string().max(200).optional() })
  .strict();

export const { loader, action } = apiRoute({
  async POST({ db, shopId, request }) {
    const input = await readBody(request, body);
    const lead = await submitLead(db, shopId, { programId: input.program_id, partnerKey: input.partner_key, email: input.email, name: input.name });
    return created(leadJson(lead));
  },
});
