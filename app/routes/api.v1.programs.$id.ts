import { findProgramWithRuleOrThrow } from "../../domain/programs/find-program-or-throw";
import { updateProgram } from "../../domain/programs/update-program";
import { apiRoute, ok } from "../api/handler.server";
import { readBody } from "../api/parse.server";
import { toCommission, toRecurring, toTierPeriod, toTiers, updateProgramBody } from "../api/program-schema.server";
import { programJson } from "../api/serializers.server";

export const { loader, action } = apiRoute({
  async GET({ db, shopId, params }) {
    const { program, rule } = await findProgramWithRuleOrThrow(db, shopId, params.id!);
    return ok(programJson(program, rule));
  },
  async PATCH({ db, shopId, params, request }) {
    const body = await readBody(request, updateProgramBody);
    const { program, rule } = await updateProgram(db, shopId, params.id!, {
      name: body.name,
      cookieDays: body.cookie_days,
      attribution: body.attribution,
      holdDays: body.hold_days,
      payoutThreshold: body.payout_threshold,
      linkParams: body.link_params,
      leadSubmission: body.lead_submission,
      autoApprovePartners: body.auto_approve_partners,
      includeTax: body.include_tax,
      includeShipping: body.include_shipping,
      commission: body.commission && toCommission(body.commission),
      recurring: body.recurring === undefined ? undefined : toRecurring(body.recurring),
      tiers: body.tiers && toTiers(body.tiers),
      tierPeriod: body.tier_period && toTierPeriod(body.tier_period),
    });
    return ok(programJson(program, rule));
  },
});
