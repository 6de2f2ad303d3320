import type { ActionFunctionArgs } from "@remix-run/node";
import { joinProgram } from "../../domain/portal/join-program";
import { listJoinablePrograms } from "../../domain/portal/list-joinable-programs";
import { DomainError } from "../../domain/shared/errors";
import { db } from "../db.server";
import { authenticateProxy } from "../proxy/authenticate-proxy.server";
import { formToken } from "../proxy/form-token.server";
import { checkFormToken, DOMAIN_STATUS, formSubject, portalErrorResponse, readForm, requireCustomer } from "../proxy/portal.server";
import { SignupForm } from "../proxy/portal-views";
import { liquidPage, storefrontRedirect } from "../proxy/render.server";

/** POST https://SHOP/apps/partners/signup: a logged-in customer applies to an affiliate program. */
export async function action({ request }: ActionFunctionArgs) {
  try {
    const ctx = requireCustomer(await authenticateProxy(request));
    const values = await readForm(request);
    checkFormToken(ctx, "signup", "", values);
    try {
      const partner = await joinProgram(db(), ctx.shop.id, {
        programId: values.program ?? "",
        as: "affiliate",
        shopifyCustomerId: ctx.customerId,
        email: values.email ?? "",
        name: values.name?.slice(0, 200) || null,
      });
      return storefrontRedirect(`${ctx.pathPrefix}/portal?program=${partner.programId}&notice=joined`);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      const programs = await listJoinablePrograms(db(), ctx.shop.id);
      return liquidPage(
        <SignupForm
          programs={programs}
          pathPrefix={ctx.pathPrefix}
          token={formToken(formSubject(ctx, "signup"))}
          values={{ email: values.email, name: values.name, program: values.program }}
          error={{ message: error.message, field: error.field }}
        />,
        { status: DOMAIN_STATUS[error.code] },
      );
    }
  } catch (error) {
    return portalErrorResponse(error);
  }
}
