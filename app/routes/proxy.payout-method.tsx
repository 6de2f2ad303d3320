import type { ActionFunctionArgs } from "@remix-run/node";
import { updatePartner } from "../../domain/partners/update-partner";
import { invalid } from "../../domain/shared/errors";
import { EMAIL_PATTERN } from "../../domain/shared/normalize";
import { db } from "../db.server";
import { dashboardFormAction } from "../proxy/portal.server";

/** The payout details a method needs, checked field by field. */
function payoutDetails(values: Record<string, string>): { method: "paypal" | "wise"; details: Record<string, string> } {
  if (values.method === "paypal") {
    if (!EMAIL_PATTERN.test(values.paypal_email ?? "")) throw invalid("PayPal email must be an email address", "paypal_email");
    return { method: "paypal", details: { paypal_email: values.paypal_email! } };
  }
  if (values.method === "wise") {
    if (!EMAIL_PATTERN.test(values.wise_email ?? "")) throw invalid("Wise email must be an email address", "wise_email");
    if (!values.account_holder || values.account_holder.length > 200) throw invalid("Wise account holder name is required", "account_holder");
    const currency = (values.currency ?? "").toUpperCase();
    if (!/^[A-Z]{3}$/.test(currency)) throw invalid("Wise currency must be a three-letter code such as EUR", "currency");
    return { method: "wise", details: { wise_email: values.wise_email!, account_holder: values.account_holder, currency } };
  }
  throw invalid("payout method must be paypal or wise", "method");
}

/** POST https://SHOP/apps/partners/payout-method: the partner sets how they are paid. */
export const action = ({ request }: ActionFunctionArgs) =>
  dashboardFormAction(request, "payout", "payout_saved", async (ctx, { partner }, values) => {
    const { method, details } = payoutDetails(values);
    await updatePartner(db(), ctx.shop.id, partner.key, { payoutMethod: method, payoutDetails: details });
  });
