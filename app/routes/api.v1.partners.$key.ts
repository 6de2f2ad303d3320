import { z } from "zod";
import { findPartnerByKeyOrThrow } from "../../domain/partners/find-partner";
import { partnerDetails } from "../../domain/partners/partner-details";
import { updatePartner } from "../../domain/partners/update-partner";
import type { Database } from "../../db/client";
import { apiRoute, ok } from "../api/handler.server";
import { payoutMethodPatch, payoutMethodSchema } from "../api/payout-method-schema.server";
import { readBody } from "../api/parse.server";
import { commissionSchema, toCommission } from "../api/program-schema.server";
import { partnerJson } from "../api/serializers.server";
import type { Partner } from "../../db/schema/rows";

const patchBody = z
  .object({
    status: z.enum(["pending", "active", "suspended"]).optional(),
    group: z.string().trim().min(1).max(100).nullable().optional(),
    payout_method: payoutMethodSchema.nullable().optional(),
    payout_details: z.record(z.string(), z.string().max(500)).optional(),
    commission: commissionSchema.nullable().optional(),
  })
  .strict();

async function render(db: Database, shopId: string, partner: Partner) {
  const details = await partnerDetails(db, shopId, [partner]);
  return ok(partnerJson(partner, details.linksOf(partner.id), details.shopDomain, details.groupOf(partner.groupId)));
}

export const { loader, action } = apiRoute({
  async GET({ db, shopId, params }) {
    return render(db, shopId, await findPartnerByKeyOrThrow(db, shopId, params.key!));
  },
  async PATCH({ db, shopId, params, request }) {
    const body = await readBody(request, patchBody);
    const partner = await updatePartner(db, shopId, params.key!, {
      status: body.status,
      group: body.group,
      ...payoutMethodPatch(body.payout_method, body.payout_details),
      commission: body.commission === undefined ? undefined : body.commission && toCommission(body.commission),
    });
    return render(db, shopId, partner);
  },
});
