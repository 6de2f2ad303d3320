import { join } from "node:path";
import type { AppConfig } from "../config";
import type { MailTransport } from "./mail-transport";
import { outboxTransport } from "./outbox-transport";
import { smtpTransport } from "./smtp-transport";

/** SMTP when SMTP_URL is set, else the outbox in DATA_DIR/outbox. */
export function createMailTransport(config: AppConfig, log: (line: string) => void = (line) => console.log(line)): MailTransport {
  if (config.mail.smtpUrl) return smtpTransport(config.mail.smtpUrl, config.mail.from);
  return outboxTransport(join(config.dataDir, "outbox"), config.mail.from, { production: config.nodeEnv === "production", log });
}
