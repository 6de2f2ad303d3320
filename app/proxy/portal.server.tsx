import { DomainError } from "../../domain/shared/errors";
import { authenticateProxy } from "./authenticate-proxy.server";
import { storefrontRedirect } from "./render.server";
import { findCustomerPartners } from "../../domain/portal/find-customer-partners";
import { partnerDashboard } from "../../domain/portal/partner-dashboard";
import { db } from "../db.server";
import type { ProxyContext } from "./authenticate-proxy.server";
import { formToken, isValidFormToken } from "./form-token.server";
import { Dashboard, PortalShell, type Messages } from "./portal-views";
import { liquidPage } from "./render.server";

export type Membership = Awaited<ReturnType<typeof findCustomerPartners>>[number];
export type CustomerContext = ProxyContext & { customerId: string };

export const DOMAIN_STATUS = { validation: 400, forbidden: 403, not_found: 404, conflict: 409 } as const;

export const messagePage = (title: string, message: string, status: number) =>
  liquidPage(<PortalShell title={title} error={{ message }}>{null}</PortalShell>, { status });

/** Maps what a portal route threw to a page; unexpected errors are logged without the form's contents. */
export function portalErrorResponse(error: unknown): Response {
  if (error instanceof Response) return error;
  if (error instanceof DomainError) return messagePage("Partner program", error.message, DOMAIN_STATUS[error.code]);
  console.error(`[portal] unexpected error: ${(error as Error)?.stack ?? error}`);
  return messagePage("Partner program", "Something went wrong; nothing was changed. Please try again.", 500);
}

export function requireCustomer(ctx: ProxyContext): CustomerContext {
  if (!ctx.customerId) throw messagePage("Partner program", "Log in to your customer account first.", 401);
  return ctx as CustomerContext;
}

/** The customer's own membership in a program; any other program, including another partner's, is absent. */
export function membershipIn(memberships: Membership[], programId: string | null): Membership {
  const found = programId ? memberships.find((m) => m.program.id === programId) : memberships[0];
  if (!found) throw messagePage("Partner program", "You are not a partner in this program.", 404);
  return found;
}

export const formSubject = (ctx: CustomerContext, form: string, programId = "") => `${ctx.shop.id}:${ctx.customerId}:${form}:${programId}`;

export function checkFormToken(ctx: CustomerContext, form: string, programId: string, values: Record<string, string>): void {
  if (!isValidFormToken(formSubject(ctx, form, programId), values.form_token ?? null)) {
    throw messagePage("Partner program", "This form has expired or did not come from this store. Reload the page and try again.", 403);
  }
}

/** The posted form's fields; a body that is not a web form answers 415, an unreadable one 400 (never a 500). */
export async function readForm(request: Request): Promise<Record<string, string>> {
  const type = (request.headers.get("content-type") ?? "").toLowerCase();
  if (!type.startsWith("application/x-www-form-urlencoded") && !type.startsWith("multipart/form-data")) {
    throw messagePage("Partner program", "Send the form as a web form (application/x-www-form-urlencoded).", 415);
  }
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    throw messagePage("Partner program", "The form could not be read; please send it again.", 400);
  }
  const values: Record<string, string> = {};
  for (const [key, value] of form) if (typeof value === "string") values[key] = value.trim();
  return values;
}

export async function dashboardPage(ctx: CustomerContext, memberships: Membership[], chosen: Membership, messages: Messages = {}, status = 200) {
  const data = await partnerDashboard(db(), ctx.shop.id, chosen.partner, chosen.program);
  return liquidPage(
    <Dashboard
      data={data}
      pathPrefix={ctx.pathPrefix}
      memberships={memberships.map((m) => ({ programId: m.program.id, name: m.program.name }))}
      tokens={{ payout: formToken(formSubject(ctx, "payout", chosen.program.id)), lead: formToken(formSubject(ctx, "lead", chosen.program.id)) }}
      {...messages}
    />,
    { status },
  );
}

/**
 * A dashboard form (payout method, lead): signed proxy request, logged-in customer, the customer's own
 * membership in the posted program, a valid form token; then `run`, and back to the dashboard with a notice,
 * or the dashboard again with the error naming the field.
 */
export async function dashboardFormAction(
  request: Request,
  form: string,
  notice: string,
  run: (ctx: CustomerContext, membership: Membership, values: Record<string, string>) => Promise<unknown>,
): Promise<Response> {
  try {
    const ctx = requireCustomer(await authenticateProxy(request));
    const values = await readForm(request);
    const memberships = await findCustomerPartners(db(), ctx.shop.id, ctx.customerId);
    const membership = membershipIn(memberships, values.program ?? null);
    checkFormToken(ctx, form, membership.program.id, values);
    try {
      await run(ctx, membership, values);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return await dashboardPage(ctx, memberships, membership, { error: { message: error.message, field: error.field } }, DOMAIN_STATUS[error.code]);
    }
    return storefrontRedirect(`${ctx.pathPrefix}/portal?program=${membership.program.id}&notice=${notice}`);
  } catch (error) {
    return portalErrorResponse(error);
  }
}
