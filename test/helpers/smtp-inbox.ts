import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { waitFor } from "./wait-for";

export interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
  /** Headers and the text/plain part, quoted-printable decoded. */
  subject: string;
  text: string;
}

/** Undoes quoted-printable (soft line breaks, =XX bytes as UTF-8). */
function decodeQuotedPrintable(body: string): string {
  const bytes = body.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/g, (_, hex: string) => `%${hex}`);
  try {
    return decodeURIComponent(bytes.replace(/%(?![0-9A-F]{2})/g, "%25"));
  } catch {
    return bytes;
  }
}

/** The text/plain part of a message nodemailer built (single part or multipart/alternative). */
function textPart(raw: string): string {
  const part = raw.split(/\r?\n--[^\r\n]+\r?\n/).find((p) => /^content-type: text\/plain/im.test(p)) ?? raw;
  const [headers, ...body] = part.split(/\r?\n\r?\n/);
  const content = body.join("\n\n");
  if (/content-transfer-encoding: quoted-printable/i.test(headers!)) return decodeQuotedPrintable(content);
  if (/content-transfer-encoding: base64/i.test(headers!)) return Buffer.from(content.replace(/\s+/g, ""), "base64").toString("utf8");
  return content;
}

const header = (raw: string, name: string) => raw.match(new RegExp(`^${name}: (.*(?:\\r?\\n[ \\t].*)*)`, "im"))?.[1]?.replace(/\r?\n[ \t]/g, " ") ?? "";

/** A real SMTP server on a free local port that keeps every message it receives (no auth, no TLS). */
export async function startSmtpInbox() {
  const messages: ReceivedMail[] = [];
  let refuse = false;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        if (refuse) return callback(Object.assign(new Error("Mailbox unavailable (test)"), { responseCode: 451 }));
        const raw = Buffer.concat(chunks).toString("utf8");
        messages.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((r) => r.address),
          raw,
          subject: header(raw, "Subject"),
          text: textPart(raw),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    /** While true the server answers 451 to every message (a temporary failure the sender must retry). */
    setRefusing(value: boolean) {
      refuse = value;
    },
    /** The newest message to this address, waiting for it to arrive. */
    async nextTo(address: string, after = 0, timeoutMs = 20_000): Promise<ReceivedMail> {
      const found = await waitFor(
        async () => messages.slice(after).filter((m) => m.to.includes(address)),
        (list) => list.length > 0,
        timeoutMs,
      );
      if (found.length === 0) throw new Error(`no email to ${address} within ${timeoutMs} ms`);
      return found[found.length - 1]!;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export type SmtpInbox = Awaited<ReturnType<typeof startSmtpInbox>>;

/** The first https link in an email's text. */
export const linkIn = (mail: ReceivedMail): URL => {
  const match = mail.text.match(/https:\/\/\S+/);
  if (!match) throw new Error(`no link in: ${mail.text}`);
  return new URL(match[0]);
};
