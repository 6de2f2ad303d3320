import type { MailTransport } from "./mail-transport";

// Like current-secret-box.ts: set once by startApp, read by the send-email job.
const KEY = Symbol.for("affiliate-hub.mail-transport");
type Holder = { [KEY]?: MailTransport };

export function setCurrentMailer(transport: MailTransport | undefined): void {
  (globalThis as Holder)[KEY] = transport;
}

export function currentMailerOrThrow(): MailTransport {
  const transport = (globalThis as Holder)[KEY];
  if (!transport) throw new Error("No mail transport in this process: start the app through server.ts");
  return transport;
}
