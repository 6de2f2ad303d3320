import type { ActionFunctionArgs } from "@remix-run/node";
import { submitLead } from "../../domain/leads/submit-lead";
import { invalid } from "../../domain/shared/errors";
import { EMAIL_PATTERN } from "../../domain/shared/normalize";
import { db } from "../db.server";
import { dashboardFormAction } from "../proxy/portal.server";

/** POST https://SHOP/apps/partners/leads: a partner submits a lead, when the program takes leads. */
export const action = ({ request }: ActionFunctionArgs) =>
  dashboardFormAction(request, "lead", "lead_submitted", async (ctx, { partner, program }, values) => {
    if (!EMAIL_PATTERN.test(values.email ?? "")) throw invalid("email must be an email address", "email");
    await submitLead(db(), ctx.shop.id, { programId: program.id, partnerKey: partner.key, email: values.email!, name: values.name?.slice(0, 200) || null });
  });
