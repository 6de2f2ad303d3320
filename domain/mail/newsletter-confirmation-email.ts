import { linkEmail, type EmailMessage } from "./email-message";

/** The double opt-in link of a newsletter program. */
export const newsletterConfirmationEmail = (input: { to: string; shopName: string; programName: string; url: string }): EmailMessage =>
  linkEmail({
    to: input.to,
    shopName: input.shopName,
    subject: `Confirm your subscription to ${input.programName}`,
    intro: `Thank you for subscribing to ${input.programName} from ${input.shopName}. Please confirm that this is your email address.`,
    action: "Confirm my subscription",
    url: input.url,
    outro: "Once confirmed you get your own link to share. If you did not subscribe, ignore this email and you will not hear from us again.",
  });
