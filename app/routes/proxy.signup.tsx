import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { joinProgram } from "../../domain/portal/join-program";
import { joinProgramByEmail } from "../../domain/portal/join-program-by-email";
import { listJoinablePrograms } from "../../domain/portal/list-joinable-programs";
import { DomainError, invalid } from "../../domain/shared/errors";
import { EMAIL_PATTERN } from "../../domain/shared/normalize";
import { db } from "../db.server";
import { checkFormToken, DOMAIN_STATUS, portalContext, portalErrorResponse, portalHref, readForm, signupPage, type PortalContext, type ViewerContext } from "../proxy/portal.server";
import { SignupForm } from "../proxy/portal-views";
import { liquidPage, storefrontRedirect } from "../proxy/render.server";
import { sendLoginLink } from "../proxy/send-login-link.server";

async function emailApplicationPage(ctx: PortalContext, values: Record<string, string> = {}, error: DomainError | null = null) {
  const programs = await listJoinablePrograms(db(), ctx.shop.id);
  return liquidPage(
    <SignupForm
      programs={programs}
      action={`${ctx.pathPrefix}/signup`}
      values={{ email: values.email, name: values.name, program: values.program }}
      error={error ? { message: error.message, field: error.field } : null}
    />,
    { status: error ? DOMAIN_STATUS[error.code] : 200 },
  );
}

/** A visitor applies with their email: the application is made once they follow the emailed link. */
async function applyByEmail(ctx: PortalContext, request: Request, values: Record<string, string>): Promise<Response> {
  try {
    if (!EMAIL_PATTERN.test(values.email ?? "")) throw invalid("email must be an email address", "email");
    return await sendLoginLink(ctx, request, values.email!, { programId: values.program ?? "", name: values.name?.slice(0, 200) || null });
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return emailApplicationPage(ctx, values, error);
  }
}

/** GET https://SHOP/apps/partners/signup: the application form of a visitor who is not signed in. */
export async function loader({ request }: LoaderFunctionArgs) {
  try {
    const ctx = await portalContext(request);
    if (ctx.viewer) return storefrontRedirect(portalHref(ctx, "/portal"));
    return await emailApplicationPage(ctx);
  } catch (error) {
    return portalErrorResponse(error);
  }
}

/**
 * POST https://SHOP/apps/partners/signup: a logged-in customer, or someone signed in by email, applies to an
 * affiliate program; a visitor who is neither applies by email (202, the link confirms the address).
 */
export async function action({ request }: ActionFunctionArgs) {
  try {
    const ctx = await portalContext(request);
    const values = await readForm(request);
    if (!ctx.viewer) return await applyByEmail(ctx, request, values);
    const viewing = ctx as ViewerContext;
    const { viewer } = viewing;
    checkFormToken(viewing, "signup", "", values);
    const name = values.name?.slice(0, 200) || null;
    try {
      const partner =
        viewer.kind === "customer"
          ? await joinProgram(db(), ctx.shop.id, { programId: values.program ?? "", as: "affiliate", shopifyCustomerId: viewer.customerId, email: values.email ?? "", name })
          : await joinProgramByEmail(db(), ctx.shop.id, { programId: values.program ?? "", email: viewer.email, name });
      return storefrontRedirect(portalHref(viewing, "/portal", { program: partner.programId, notice: "joined" }));
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      const extra = { values: { email: values.email, name: values.name, program: values.program }, error: { message: error.message, field: error.field } };
      return await signupPage(viewing, extra, DOMAIN_STATUS[error.code]);
    }
  } catch (error) {
    return portalErrorResponse(error);
  }
}
