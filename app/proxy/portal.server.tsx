import { DomainError } from "../../domain/shared/errors";
import { authenticateProxy } from "./authenticate-proxy.server";
import { storefrontRedirect } from "./render.server";
import { findCustomerPartners } from "../../domain/portal/find-customer-partners";
import { findEmailPartners } from "../../domain/portal/find-email-partners";
import { partnerDashboard } from "../../domain/portal/partner-dashboard";
import { db } from "../db.server";
import type { ProxyContext } from "./authenticate-proxy.server";
import { formToken, isValidFormToken } from "./form-token.server";
import { portalViewer, SessionExpired, type Viewer } from "./portal-viewer.server";
import { listJoinablePrograms } from "../../domain/portal/list-joinable-programs";
import { Dashboard, PortalShell, portalUrl, SignupForm, type Messages, type SignupFormProps } from "./portal-views";
import { liquidPage } from "./render.server";

export type Membership = Awaited<ReturnType<typeof findCustomerPartners>>[number];
/** A signed proxy request and who is looking, if anyone. */
export type PortalContext = ProxyContext & { viewer: Viewer | null };
export type ViewerContext = ProxyContext & { viewer: Viewer };

export const DOMAIN_STATUS = { validation: 400, forbidden: 403, not_found: 404, conflict: 409 } as const;

export const messagePage = (title: string, message: string, status: number) =>
  liquidPage(<PortalShell title={title} error={{ message }}>{null}</PortalShell>, { status });

/** Maps what a portal route threw to a page; unexpected errors are logged without the form's contents. */
export function portalErrorResponse(error: unknown): Response {
  if (error instanceof Response) return error;
  if (error instanceof SessionExpired) return messagePage("Partner program", "Your sign-in has ended. Ask for a new sign-in link on the sign-in page.", 401);
  if (error instanceof DomainError) return messagePage("Partner program", error.message, DOMAIN_STATUS[error.code]);
  console.error(`[portal] unexpected error: ${(error as Error)?.stack ?? error}`);
  return messagePage("Partner program", "Something went wrong; nothing was changed. Please try again.", 500);
}

/** Verifies the proxy signature, then finds who is looking (customer login or email session). */
export async function portalContext(request: Request): Promise<PortalContext> {
  const proxy = await authenticateProxy(request);
  return { ...proxy, viewer: await portalViewer(proxy, request) };
}

export function requireViewer(ctx: PortalContext): ViewerContext {
  if (!ctx.viewer) throw messagePage("Partner program", "Log in to your customer account or sign in with your email first.", 401);
  return ctx as ViewerContext;
}

/** The viewer's own memberships: found from the signed customer id or the signed-in email, never from the request. */
export const membershipsOf = (ctx: ViewerContext): Promise<Membership[]> =>
  ctx.viewer.kind === "customer" ? findCustomerPartners(db(), ctx.shop.id, ctx.viewer.customerId) : findEmailPartners(db(), ctx.shop.id, ctx.viewer.email);

/** A portal URL on the storefront that keeps the viewer's email session, if they have one. */
export const portalHref = (ctx: PortalContext, path: string, params: Record<string, string | undefined> = {}) =>
  portalUrl(ctx.pathPrefix, path, params, ctx.viewer?.session);

/** The customer's own membership in a program; any other program, including another partner's, is absent. */
export function membershipIn(memberships: Membership[], programId: string | null): Membership {
  const found = programId ? memberships.find((m) => m.program.id === programId) : memberships[0];
  if (!found) throw messagePage("Partner program", "You are not a partner in this program.", 404);
  return found;
}

export const formSubject = (ctx: ViewerContext, form: string, programId = "") => `${ctx.shop.id}:${ctx.viewer.subject}:${form}:${programId}`;

export function checkFormToken(ctx: ViewerContext, form: string, programId: string, values: Record<string, string>): void {
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

export async function dashboardPage(ctx: ViewerContext, memberships: Membership[], chosen: Membership, messages: Messages = {}, status = 200) {
  const data = await partnerDashboard(db(), ctx.shop.id, chosen.partner, chosen.program);
  return liquidPage(
    <Dashboard
      data={data}
      pathPrefix={ctx.pathPrefix}
      session={ctx.viewer.session}
      memberships={memberships.map((m) => ({ programId: m.program.id, name: m.program.name }))}
      tokens={{ payout: formToken(formSubject(ctx, "payout", chosen.program.id)), lead: formToken(formSubject(ctx, "lead", chosen.program.id)) }}
      {...messages}
    />,
    { status },
  );
}

/**
 * A dashboard form (payout method, lead): signed proxy request, a viewer (customer login or email session), their
 * own membership in the posted program, a valid form token; then `run`, and back to the dashboard with a notice,
 * or the dashboard again with the error naming the field.
 */
export async function dashboardFormAction(
  request: Request,
  form: string,
  notice: string,
  run: (ctx: ViewerContext, membership: Membership, values: Record<string, string>) => Promise<unknown>,
): Promise<Response> {
  try {
    const ctx = requireViewer(await portalContext(request));
    const values = await readForm(request);
    const memberships = await membershipsOf(ctx);
    const membership = membershipIn(memberships, values.program ?? null);
    checkFormToken(ctx, form, membership.program.id, values);
    try {
      await run(ctx, membership, values);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return await dashboardPage(ctx, memberships, membership, { error: { message: error.message, field: error.field } }, DOMAIN_STATUS[error.code]);
    }
    return storefrontRedirect(portalHref(ctx, "/portal", { program: membership.program.id, notice }));
  } catch (error) {
    return portalErrorResponse(error);
  }
}

/** The application form for someone signed in who is no partner yet (customer login or email session). */
export async function signupPage(ctx: ViewerContext, extra: Partial<SignupFormProps> = {}, status = 200) {
  const programs = await listJoinablePrograms(db(), ctx.shop.id);
  return liquidPage(
    <SignupForm
      programs={programs}
      action={portalHref(ctx, "/signup")}
      token={formToken(formSubject(ctx, "signup"))}
      lockedEmail={ctx.viewer.kind === "email" ? ctx.viewer.email : undefined}
      signOut={ctx.viewer.session ? portalHref(ctx, "/logout") : null}
      {...extra}
    />,
    { status },
  );
}
