import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { newsletterConfirmationEmail } from "../../domain/mail/newsletter-confirmation-email";
import { subscribe } from "../../domain/newsletter/subscribe";
import { findProgramOfTypeOrThrow } from "../../domain/programs/find-program-of-type-or-throw";
import { DomainError } from "../../domain/shared/errors";
import { db } from "../db.server";
import { authenticateProxy } from "../proxy/authenticate-proxy.server";
import { JoinForm } from "../proxy/newsletter-views";
import { enqueueEmail } from "../proxy/enqueue-email.server";
import { DOMAIN_STATUS, messagePage, portalErrorResponse, readForm } from "../proxy/portal.server";
import { PortalShell } from "../proxy/portal-views";
import { liquidPage } from "../proxy/render.server";
import { shopNameOf } from "../proxy/send-login-link.server";

/** GET https://SHOP/apps/partners/newsletter/join?ref=KEY: where a subscriber's referral link lands. */
export async function loader({ request }: LoaderFunctionArgs) {
  try {
    const ctx = await authenticateProxy(request);
    const program = await findProgramOfTypeOrThrow(db(), ctx.shop.id, "newsletter");
    const ref = new URL(request.url).searchParams.get("ref");
    return liquidPage(<JoinForm programName={program.name} pathPrefix={ctx.pathPrefix} referralKey={ref && ref.length <= 64 ? ref : null} />);
  } catch (error) {
    return portalErrorResponse(error);
  }
}

/**
 * POST: subscribes the email (pending until confirmed), crediting the referrer of the link, and emails the double
 * opt-in link. An address that is already confirmed gets no email; the page is the same.
 */
export async function action({ request }: ActionFunctionArgs) {
  try {
    const ctx = await authenticateProxy(request);
    const program = await findProgramOfTypeOrThrow(db(), ctx.shop.id, "newsletter");
    const values = await readForm(request);
    try {
      const { token } = await subscribe(db(), ctx.shop.id, { programId: program.id, email: values.email ?? "", referralKey: values.ref || null });
      if (token) {
        const url = `https://${ctx.shop.domain}${ctx.pathPrefix}/newsletter/confirm?token=${token}`;
        try {
          await enqueueEmail(newsletterConfirmationEmail({ to: values.email!.trim(), shopName: shopNameOf(ctx), programName: program.name, url }));
        } catch (error) {
          console.error(`[newsletter] confirmation email not queued: ${(error as Error).message}`);
          return messagePage("Almost there", "We cannot send email right now. Please subscribe again in a few minutes.", 503);
        }
      }
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      const form = <JoinForm programName={program.name} pathPrefix={ctx.pathPrefix} referralKey={values.ref || null} email={values.email} error={{ message: error.message, field: error.field }} />;
      return liquidPage(form, { status: DOMAIN_STATUS[error.code] });
    }
    return liquidPage(
      <PortalShell title="Almost there" notice="Check your email: your subscription starts when you follow the link we sent you.">
        {null}
      </PortalShell>,
      { status: 202 },
    );
  } catch (error) {
    return portalErrorResponse(error);
  }
}
