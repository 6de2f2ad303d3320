import { randomBytes } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import nodemailer from "nodemailer";
import { mailFields, type MailTransport } from "./mail-transport";

/**
 * Without SMTP_URL every message is written to DIR as an .eml file (owner-only). In development the log shows
 * the message text, links included: clicking the sign-in link from the terminal is the point of local mode. In
 * production the log never carries a message's content (its links are credentials), only where the file went.
 */
export function outboxTransport(dir: string, from: string, options: { production: boolean; log: (line: string) => void }): MailTransport {
  const composer = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "unix" });
  return {
    kind: "outbox",
    async send(message) {
      const info = await composer.sendMail(mailFields(message, from));
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      const file = join(dir, `${new Date().toISOString().replace(/[:.]/g, "-")}-${randomBytes(4).toString("hex")}.eml`);
      writeFileSync(file, info.message as Buffer, { mode: 0o600 });
      if (options.production) options.log(`[mail] SMTP_URL is not set: a message was written to ${file} and not sent`);
      else options.log(`[mail] to ${message.to}: ${message.subject} (not sent: no SMTP_URL; saved in ${file})\n${message.text}`);
      return { messageId: info.messageId };
    },
    close: () => composer.close(),
  };
}
