import { mkdtempSync, readdirSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { portalLoginEmail } from "../../domain/mail/portal-login-email";
import { ConfigError, loadConfig } from "../../runtime/config";
import { createMailTransport } from "../../runtime/mailer/create-mail-transport";
import { outboxTransport } from "../../runtime/mailer/outbox-transport";

const dataDir = () => mkdtempSync(join(tmpdir(), "ah-mail-"));
const LINK = "https://shop.myshopify.com/apps/partners/login/confirm?token=SECRET-TOKEN-123";
const message = portalLoginEmail({ to: "ava@example.com", shopName: "Lumen <&> Co", url: LINK, validMinutes: 15 });

describe("mail configuration and the outbox transport", () => {
  it("reads SMTP_URL and MAIL_FROM, defaulting to the outbox and no-reply@ the app's host", () => {
    expect(loadConfig({ DATA_DIR: dataDir() }).mail).toEqual({ smtpUrl: null, from: "no-reply@localhost" });
    const config = loadConfig({ DATA_DIR: dataDir(), SHOPIFY_APP_URL: "https://hub.example.com", SMTP_URL: "smtps://u:p@smtp.example.com:465", MAIL_FROM: "partners@example.com" });
    expect(config.mail).toEqual({ smtpUrl: "smtps://u:p@smtp.example.com:465", from: "partners@example.com" });
    expect(createMailTransport(config).kind).toBe("smtp");
    expect(() => loadConfig({ DATA_DIR: dataDir(), SMTP_URL: "http://smtp.example.com" })).toThrow(ConfigError);
    expect(() => loadConfig({ DATA_DIR: dataDir(), SMTP_URL: "http://smtp.example.com" })).toThrow(/SMTP_URL must look like/);
    expect(() => loadConfig({ DATA_DIR: dataDir(), MAIL_FROM: "partners" })).toThrow(/MAIL_FROM must be an email address/);
  });

  it("writes text and HTML to DATA_DIR/outbox (owner-only) and shows the link in the development log", async () => {
    const dir = dataDir();
    const lines: string[] = [];
    const transport = createMailTransport(loadConfig({ DATA_DIR: dir, MAIL_FROM: "partners@example.com" }), (line) => lines.push(line));
    expect(transport.kind).toBe("outbox");
    await transport.send(message);
    const [file] = readdirSync(join(dir, "outbox"));
    const path = join(dir, "outbox", file!);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const raw = readFileSync(path, "utf8");
    expect(raw).toMatch(/^From: "Lumen <&> Co" <partners@example\.com>$/m);
    expect(raw).toMatch(/^To: ava@example\.com$/m);
    expect(raw).toContain("text/plain");
    expect(raw).toContain("text/html");
    expect(raw).toContain("Lumen &lt;&amp;&gt; Co"); // escaped in the HTML part
    expect(lines.join("\n")).toContain(LINK);
  });

  it("keeps the message content, links included, out of the production log", async () => {
    const dir = dataDir();
    const lines: string[] = [];
    await outboxTransport(join(dir, "outbox"), "partners@example.com", { production: true, log: (line) => lines.push(line) }).send(message);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain("SMTP_URL is not set");
    expect(lines[0]).not.toContain("SECRET-TOKEN");
    expect(lines[0]).not.toContain("ava@example.com");
    expect(readFileSync(join(dir, "outbox", readdirSync(join(dir, "outbox"))[0]!), "utf8")).toContain("SECRET-TOKEN");
  });
});
