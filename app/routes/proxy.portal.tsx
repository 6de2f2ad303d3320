import type { LoaderFunctionArgs } from "@remix-run/node";
import { dashboardPage, membershipIn, membershipsOf, portalContext, portalErrorResponse, signupPage, type ViewerContext } from "../proxy/portal.server";
import { LoginPrompt } from "../proxy/portal-views";
import { liquidPage } from "../proxy/render.server";

const NOTICES: Record<string, string> = {
  joined: "Welcome aboard: your application is in.",
  signed_in: "You are signed in.",
  payout_saved: "Your payout method is saved.",
  lead_submitted: "Thank you: the lead is submitted.",
};

/**
 * https://SHOP/apps/partners/portal: how to sign in for a visitor, the signup form for someone signed in who is
 * no partner, the dashboard for a partner (customer login, or `?session=` from the email sign-in).
 */
export async function loader({ request }: LoaderFunctionArgs) {
  try {
    const ctx = await portalContext(request);
    if (!ctx.viewer) return liquidPage(<LoginPrompt pathPrefix={ctx.pathPrefix} />);
    const viewing = ctx as ViewerContext;
    const url = new URL(request.url);
    const memberships = await membershipsOf(viewing);
    const notice = NOTICES[url.searchParams.get("notice") ?? ""] ?? null;
    if (memberships.length === 0) return await signupPage(viewing, { notice });
    const chosen = membershipIn(memberships, url.searchParams.get("program"));
    return await dashboardPage(viewing, memberships, chosen, { notice });
  } catch (error) {
    return portalErrorResponse(error);
  }
}
