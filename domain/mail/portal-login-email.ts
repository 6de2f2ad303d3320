import { linkEmail, type EmailMessage } from "./email-message";

/** The one-time sign-in link of the partner portal (also the confirmation of an application made by email). */
export const portalLoginEmail = (input: { to: string; shopName: string; url: string; validMinutes: number }): EmailMessage =>
  linkEmail({
    to: input.to,
    shopName: input.shopName,
    subject: `Your sign-in link for the ${input.shopName} partner program`,
    intro: `Someone (hopefully you) asked to sign in to the partner program of ${input.shopName} with this email address.`,
    action: "Sign in to the partner program",
    url: input.url,
    outro: `The link works once, for ${input.validMinutes} minutes. If you did not ask for it, ignore this email: nothing happens without the link.`,
  });
