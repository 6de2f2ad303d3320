import type { LoaderFunctionArgs } from "@remix-run/node";
import { findCustomerPartners } from "../../domain/portal/find-customer-partners";
import { listJoinablePrograms } from "../../domain/portal/list-joinable-programs";
import { db } from "../db.server";
import { authenticateProxy } from "../proxy/authenticate-proxy.server";
import { formToken } from "../proxy/form-token.server";
import { dashboardPage, formSubject, membershipIn, portalErrorResponse, requireCustomer } from "../proxy/portal.server";
import { LoginPrompt, SignupForm } from "../proxy/portal-views";
import { liquidPage } from "../proxy/render.server";

const NOTICES: Record<string, string> = {
  joined: "Welcome aboard: your application is in.",
  payout_saved: "Your payout method is saved.",
  lead_submitted: "Thank you: the lead is submitted.",
};

/** https://SHOP/apps/partners/portal: the signup form for a new partner, the dashboard for a known one. */
export async function loader({ request }: LoaderFunctionArgs) {
  try {
    const proxy = await authenticateProxy(request);
    if (!proxy.customerId) return liquidPage(<LoginPrompt pathPrefix={proxy.pathPrefix} />);
    const ctx = requireCustomer(proxy);
    const url = new URL(request.url);
    const memberships = await findCustomerPartners(db(), ctx.shop.id, ctx.customerId);
    if (memberships.length === 0) {
      const programs = await listJoinablePrograms(db(), ctx.shop.id);
      return liquidPage(<SignupForm programs={programs} pathPrefix={ctx.pathPrefix} token={formToken(formSubject(ctx, "signup"))} />);
    }
    const chosen = membershipIn(memberships, url.searchParams.get("program"));
    return await dashboardPage(ctx, memberships, chosen, { notice: NOTICES[url.searchParams.get("notice") ?? ""] ?? null });
  } catch (error) {
    return portalErrorResponse(error);
  }
}
