import nodemailer from "nodemailer";
import { mailFields, type MailTransport } from "./mail-transport";

/** SMTP_URL (smtp:// or smtps://, credentials in the URL). Short timeouts: a slow server fails the job, which retries. */
export function smtpTransport(url: string, from: string): MailTransport {
  const transporter = nodemailer.createTransport({ url, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 });
  return {
    kind: "smtp",
    async send(message) {
      const info = await transporter.sendMail(mailFields(message, from));
      return { messageId: info.messageId };
    },
    close: () => transporter.close(),
  };
}
