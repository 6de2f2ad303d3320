import type { EmailMessage } from "../../domain/mail/email-message";

/** Where the send-email job hands a message: an SMTP server, or the local outbox when SMTP_URL is unset. */
export interface MailTransport {
  readonly kind: "smtp" | "outbox";
  send(message: EmailMessage): Promise<{ messageId: string }>;
  close(): void;
}

export const mailFields = (message: EmailMessage, from: string) => ({
  from: { name: message.fromName, address: from },
  to: message.to,
  subject: message.subject,
  text: message.text,
  html: message.html,
});
