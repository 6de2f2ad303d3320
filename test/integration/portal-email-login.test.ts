import { and, eq, isNull } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { signPortalSession } from "../../app/proxy/portal-session.server";
import { partners, portalLogins, shops } from "../../db/schema/index";
import { createPartner } from "../../domain/partners/create-partner";
import { deleteStalePortalLogins } from "../../domain/portal/delete-stale-portal-logins";
import { createProgram } from "../../domain/programs/create-program";
import { loadConfig } from "../../runtime/config";
import type { RunningApp } from "../../runtime/start";
import { signedProxyUrl } from "../helpers/app-proxy-signer";
import { databaseKinds } from "../helpers/databases";
import { basicProgram } from "../helpers/domain-fixture";
import { newsletterProgram, startAppWithShop } from "../helpers/proxy-app";
import { linkIn, startSmtpInbox, type ReceivedMail, type SmtpInbox } from "../helpers/smtp-inbox";
import type { Program } from "../../db/schema/rows";

const SHOP = "email-login.myshopify.com";
const SHOP_NAME = "Lumen & Co";
const FROM = "partners@hub.example";

describe.each(databaseKinds)("portal sign-in by email and the newsletter opt-in, sent over real SMTP, on %s", (kind) => {
  let inbox: SmtpInbox;
  let fixture: Awaited<ReturnType<typeof startAppWithShop>>;
  let app: RunningApp;
  let shopId: string;
  let open: Program;
  let leoProgram: Program;
  const secret = loadConfig().shopify.apiSecret;
  let ipCounter = 0;
  const nextIp = () => `198.51.100.${++ipCounter}`;

  const url = (path: string, query: Record<string, string> = {}, customerId: string | null = null) =>
    signedProxyUrl(app.url, path, { shop: SHOP, secret, customerId, query });
  const get = async (path: string, query: Record<string, string> = {}) => {
    const response = await fetch(url(path, query), { redirect: "manual" });
    return { status: response.status, location: response.headers.get("location"), html: await response.text() };
  };
  const post = async (path: string, form: Record<string, string>, query: Record<string, string> = {}, ip = nextIp()) => {
    const response = await fetch(url(path, query), { method: "POST", body: new URLSearchParams(form), redirect: "manual", headers: { "x-forwarded-for": ip } });
    return { status: response.status, location: response.headers.get("location"), html: await response.text() };
  };
  /** A storefront URL (from an email or a Location header) requested through the app proxy, signed. */
  const proxied = (target: URL | string) => {
    const parsed = typeof target === "string" ? new URL(target, `https://${SHOP}`) : target;
    expect(parsed.pathname.startsWith("/apps/partners/")).toBe(true);
    return { path: parsed.pathname.slice("/apps/partners".length), query: Object.fromEntries(parsed.searchParams) };
  };
  const sessionOf = (location: string | null) => new URL(location!, `https://${SHOP}`).searchParams.get("session")!;
  const tokenOf = (mail: ReceivedMail) => linkIn(mail).searchParams.get("token")!;
  const partnerByEmail = async (email: string) =>
    (await app.database.db.select().from(partners).where(and(eq(partners.shopId, shopId), eq(partners.emailNormalized, email))))[0];

  /** Asks for a link, takes it from the email received, follows it and presses the button: the dashboard's redirect. */
  async function signIn(email: string) {
    const before = inbox.messages.length;
    const asked = await post("/login", { email });
    expect(asked.status).toBe(202);
    const mail = await inbox.nextTo(email, before);
    const link = proxied(linkIn(mail));
    const page = await get(link.path, link.query);
    expect(page.status).toBe(200);
    expect(page.html).toContain('<meta name="referrer" content="no-referrer"/>');
    const used = await post("/login/confirm", { token: link.query.token! });
    expect(used.status).toBe(303);
    return { mail, location: used.location!, session: sessionOf(used.location) };
  }

  beforeAll(async () => {
    inbox = await startSmtpInbox();
    fixture = await startAppWithShop(kind, SHOP, { name: "Open program", autoApprovePartners: true, holdDays: 0 }, {
      worker: true,
      env: { SMTP_URL: inbox.url, MAIL_FROM: FROM },
    });
    app = fixture.app;
    shopId = fixture.shop.id;
    open = fixture.program;
    await app.database.db.update(shops).set({ name: SHOP_NAME }).where(eq(shops.id, shopId));
    leoProgram = (await createProgram(app.database.db, shopId, { ...basicProgram, name: "Leo's program" })).program;
    await createPartner(app.database.db, shopId, { programId: leoProgram.id, email: "leo@example.com", key: "LEO", status: "active" });
  });
  // Each test starts with fresh rate-limit windows (the per-address limit is a test of its own).
  beforeEach(async () => {
    const redis = app.producer.connection;
    const keys = await redis.keys(`${process.env.QUEUE_PREFIX}:ratelimit:portal-login-*`);
    if (keys.length > 0) await redis.del(...keys);
  });
  afterAll(async () => {
    await fixture?.close();
    await inbox?.close();
  });

  it("emails a partner the merchant created a one-time link from MAIL_FROM naming the shop; following it signs them in", async () => {
    const { mail, location, session } = await signIn("ava@example.com");
    expect(mail.from).toBe(FROM);
    expect(mail.raw).toMatch(/^From: "Lumen & Co" <partners@hub\.example>/m);
    expect(mail.subject).toContain(SHOP_NAME);
    expect(mail.text).toContain(`partner program of ${SHOP_NAME}`);
    expect(mail.text).toContain("15 minutes");
    expect(linkIn(mail).origin).toBe(`https://${SHOP}`);
    expect(mail.raw).toMatch(/Content-Type: text\/html/i);
    expect(location).toMatch(/^\/apps\/partners\/portal\?notice=signed_in&session=/);

    const stored = await app.database.db.select().from(portalLogins).where(eq(portalLogins.emailNormalized, "ava@example.com"));
    expect(stored).toHaveLength(1);
    expect(stored[0]!.tokenHash).not.toContain(tokenOf(mail)); // only the hash is kept
    expect(stored[0]!.usedAt).not.toBeNull();

    const dashboard = await get("/portal", { session, notice: "signed_in" });
    expect(dashboard.status).toBe(200);
    expect(dashboard.html).toContain("You are signed in.");
    expect(dashboard.html).toContain("your key AVA");
    expect(dashboard.html).toContain('<meta name="referrer" content="no-referrer"/>');
    // Every link and form of the page keeps the session; the app proxy would drop a cookie.
    expect(dashboard.html).toContain(`action="/apps/partners/payout-method?session=${session}"`);
    expect(dashboard.html).toContain(`action="/apps/partners/logout?session=${session}"`);
  });

  it("answers an address that is no partner's exactly as a partner's, and its link leads to the application form", async () => {
    const partner = await post("/login", { email: "leo@example.com" });
    const stranger = await post("/login", { email: "nobody@example.com" });
    expect(stranger.status).toBe(partner.status);
    expect(stranger.html.replace("nobody@example.com", "EMAIL")).toBe(partner.html.replace("leo@example.com", "EMAIL"));
    expect(stranger.html).toContain("Check your email");

    const mail = await inbox.nextTo("nobody@example.com");
    const link = proxied(linkIn(mail));
    const used = await post("/login/confirm", { token: link.query.token! });
    const session = sessionOf(used.location);
    const form = await get("/portal", { session });
    expect(form.html).toContain("Become a partner");
    expect(form.html).toContain('value="nobody@example.com"');
    expect(form.html).toContain('readonly=""');
    const token = form.html.match(/name="form_token" value="([^"]+)"/)![1]!;
    const joined = await post("/signup", { form_token: token, program: open.id, name: "No Body", email: "someone.else@example.com" }, { session });
    expect(joined.status).toBe(303);
    expect(joined.location).toBe(`/apps/partners/portal?program=${open.id}&notice=joined&session=${session}`);
    // The confirmed address is the partner's, whatever the form said.
    expect(await partnerByEmail("nobody@example.com")).toMatchObject({ programId: open.id, name: "No Body", status: "active" });
    expect(await partnerByEmail("someone.else@example.com")).toBeUndefined();
  });

  it("refuses tampered, expired and used links with one answer, and unsigned requests with 401", async () => {
    const before = inbox.messages.length;
    await post("/login", { email: "ava@example.com" });
    const token = tokenOf(await inbox.nextTo("ava@example.com", before));
    const tampered = token.slice(0, -1) + (token.endsWith("A") ? "B" : "A");
    for (const bad of [tampered, "", "x".repeat(500)]) {
      expect((await get("/login/confirm", { token: bad })).status).toBe(410);
      const refused = await post("/login/confirm", { token: bad });
      expect(refused.status).toBe(410);
      expect(refused.location).toBeNull();
    }
    const unsigned = await fetch(`${app.url}/proxy/login/confirm?shop=${SHOP}&token=${token}`, { method: "POST", body: new URLSearchParams({ token }) });
    expect(unsigned.status).toBe(401);

    expect((await post("/login/confirm", { token })).status).toBe(303);
    const reused = await post("/login/confirm", { token });
    expect(reused.status).toBe(410);
    expect(reused.html).toContain("expired or was already used");
    expect((await get("/login/confirm", { token })).status).toBe(410);

    const later = inbox.messages.length;
    await post("/login", { email: "ava@example.com" });
    const stale = tokenOf(await inbox.nextTo("ava@example.com", later));
    await app.database.db
      .update(portalLogins)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(and(eq(portalLogins.shopId, shopId), isNull(portalLogins.usedAt)));
    expect((await get("/login/confirm", { token: stale })).status).toBe(410);
    expect((await post("/login/confirm", { token: stale })).status).toBe(410);
  });

  it.runIf(kind === "postgres")("lets exactly one of many parallel uses of a link through, on parallel connections", async () => {
    const before = inbox.messages.length;
    await post("/login", { email: "race@example.com" });
    const token = tokenOf(await inbox.nextTo("race@example.com", before));
    const results = await Promise.all(Array.from({ length: 8 }, () => post("/login/confirm", { token })));
    expect(results.map((r) => r.status).sort()).toEqual([303, 410, 410, 410, 410, 410, 410, 410]);
  });

  it("refuses forged, stretched, expired, revoked and other shops' sessions with 401", async () => {
    const { session } = await signIn("ava@example.com");
    const [loginId, expires, signature] = session.split(".") as [string, string, string];
    const forged = [
      `${loginId}.${expires}.${signature.slice(0, -1)}${signature.endsWith("A") ? "B" : "A"}`,
      `${loginId}.${Number(expires) + 86_400}.${signature}`,
      signPortalSession("00000000-0000-4000-8000-000000000000", loginId, new Date()),
      signPortalSession(shopId, loginId, new Date(Date.now() - 3 * 3_600_000)),
      `${loginId}.${expires}`,
      "garbage",
    ];
    for (const bad of forged) {
      const page = await get("/portal", { session: bad });
      expect(page.status, bad).toBe(401);
      expect(page.html).not.toContain("AVA");
    }
    expect((await get("/portal", { session })).status).toBe(200);

    const out = await post("/logout", {}, { session });
    expect(out.status).toBe(303);
    expect(out.location).toBe("/apps/partners/login?notice=signed_out");
    const after = await get("/portal", { session });
    expect(after.status).toBe(401);
    expect(after.html).toContain("Your sign-in has ended");
    expect((await get("/login", { notice: "signed_out" })).html).toContain("You are signed out.");

    // A session ends two hours after its link was used, whatever its token says.
    const second = await signIn("ava@example.com");
    const id = second.session.split(".")[0]!;
    await app.database.db.update(portalLogins).set({ usedAt: new Date(Date.now() - 121 * 60_000) }).where(eq(portalLogins.id, id));
    expect((await get("/portal", { session: second.session })).status).toBe(401);
  });

  it("never shows or changes another partner's data through a session", async () => {
    const ava = await signIn("ava@example.com");
    const leo = await signIn("leo@example.com");
    const foreign = await get("/portal", { session: ava.session, program: leoProgram.id });
    expect(foreign.status).toBe(404);
    expect(foreign.html).not.toContain("LEO");

    const avaPage = await get("/portal", { session: ava.session });
    const avaToken = avaPage.html.match(/payout-method\?session=[^"]+"><input type="hidden" name="form_token" value="([^"]+)"/)![1]!;
    const crossed = await post("/payout-method", { form_token: avaToken, program: leoProgram.id, method: "paypal", paypal_email: "ava@paypal.example" }, { session: ava.session });
    expect(crossed.status).toBe(404);
    const stolenToken = await post("/payout-method", { form_token: avaToken, program: leoProgram.id, method: "paypal", paypal_email: "x@paypal.example" }, { session: leo.session });
    expect(stolenToken.status).toBe(403);
    expect((await partnerByEmail("leo@example.com"))!.payoutDetails).toEqual({});

    const saved = await post("/payout-method", { form_token: avaToken, program: open.id, method: "paypal", paypal_email: "ava@paypal.example" }, { session: ava.session });
    expect(saved.status).toBe(303);
    expect(saved.location).toBe(`/apps/partners/portal?program=${open.id}&notice=payout_saved&session=${ava.session}`);
    expect((await partnerByEmail("ava@example.com"))!.payoutDetails).toEqual({ paypal_email: "ava@paypal.example" });
  });

  it("lets a visitor apply with their email; the partner exists only once the emailed link is followed", async () => {
    const form = await get("/signup");
    expect(form.status).toBe(200);
    expect(form.html).toContain("We email you a link to confirm your address");
    const bad = await post("/signup", { program: open.id, email: "not-an-email" });
    expect(bad.status).toBe(400);
    expect(bad.html).toContain('data-field="email"');
    const closed = await post("/signup", { program: "00000000-0000-4000-8000-000000000000", email: "nia@example.com" });
    expect(closed.status).toBe(404);
    expect(closed.html).toContain('data-field="program"');

    const before = inbox.messages.length;
    const applied = await post("/signup", { program: open.id, name: "Nia", email: "nia@example.com" });
    expect(applied.status).toBe(202);
    expect(applied.html).toContain("Check your email");
    const mail = await inbox.nextTo("nia@example.com", before);
    expect(await partnerByEmail("nia@example.com")).toBeUndefined();

    const used = await post("/login/confirm", { token: tokenOf(mail) });
    expect(used.location).toMatch(new RegExp(`^/apps/partners/portal\\?program=${open.id}&notice=joined&session=`));
    expect(await partnerByEmail("nia@example.com")).toMatchObject({ name: "Nia", status: "active", programId: open.id });
    const page = await get("/portal", proxied(used.location!).query);
    expect(page.html).toContain("Hi Nia");
    expect(page.html).toContain("Welcome aboard");
  });

  it("limits links per address (same answer, nothing sent) and requests per IP (429)", async () => {
    const before = inbox.messages.length;
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push(await post("/login", { email: "limit@example.com" }));
    expect(answers.map((a) => a.status)).toEqual([202, 202, 202, 202, 202]);
    expect(new Set(answers.map((a) => a.html)).size).toBe(1);
    // A sentinel sent after the five: once it arrives, the jobs before it have run.
    await post("/login", { email: "sentinel@example.com" });
    await inbox.nextTo("sentinel@example.com", before);
    await new Promise((r) => setTimeout(r, 500));
    expect(inbox.messages.slice(before).filter((m) => m.to.includes("limit@example.com"))).toHaveLength(3);

    const ip = "203.0.113.7";
    const statuses = [];
    for (let i = 0; i < 11; i++) statuses.push((await post("/login", { email: `ip${i}@example.com` }, {}, ip)).status);
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(202));
    expect(statuses[10]).toBe(429);
  });

  it("emails the newsletter's double opt-in link; following it confirms the subscriber, once", async () => {
    const { program } = await createProgram(app.database.db, shopId, {
      ...basicProgram,
      ...newsletterProgram("Lumen Letters", { type: "store_credit", amount: 500 }),
    });
    const before = inbox.messages.length;
    const subscribed = await post("/newsletter/join", { email: "reader@example.com" });
    expect(subscribed.status).toBe(202);
    expect(subscribed.html).toContain("Check your email");
    const mail = await inbox.nextTo("reader@example.com", before);
    expect(mail.subject).toBe("Confirm your subscription to Lumen Letters");
    expect(mail.text).toContain(SHOP_NAME);
    const link = proxied(linkIn(mail));
    expect(link.path).toBe("/newsletter/confirm");
    expect((await app.database.db.select().from(partners).where(and(eq(partners.programId, program.id), eq(partners.emailNormalized, "reader@example.com"))))[0]!.status).toBe("pending");

    const confirmed = await get(link.path, link.query);
    expect(confirmed.status).toBe(303);
    expect(confirmed.location).toMatch(/^\/apps\/partners\/newsletter\?subscriber=/);
    expect((await app.database.db.select().from(partners).where(and(eq(partners.programId, program.id), eq(partners.emailNormalized, "reader@example.com"))))[0]!.status).toBe("active");
    const page = await get("/newsletter", proxied(confirmed.location!).query);
    expect(page.html).toContain("Your referrals");

    const again = inbox.messages.length;
    expect((await post("/newsletter/join", { email: "reader@example.com" })).status).toBe(202);
    await post("/login", { email: "sentinel2@example.com" });
    await inbox.nextTo("sentinel2@example.com", again);
    await new Promise((r) => setTimeout(r, 500));
    expect(inbox.messages.slice(again).filter((m) => m.to.includes("reader@example.com"))).toHaveLength(0);
  });

  it("forgets sign-ins, and the emails in them, a day after they were asked for", async () => {
    const db = app.database.db;
    const rows = await db.select({ id: portalLogins.id }).from(portalLogins).where(eq(portalLogins.shopId, shopId));
    expect(rows.length).toBeGreaterThan(2);
    const [old, ...recent] = rows;
    await db.update(portalLogins).set({ createdAt: new Date(Date.now() - 25 * 3_600_000) }).where(eq(portalLogins.id, old!.id));
    expect(await deleteStalePortalLogins(db, new Date())).toBe(1);
    const left = await db.select({ id: portalLogins.id }).from(portalLogins).where(eq(portalLogins.shopId, shopId));
    expect(left.map((r) => r.id).sort()).toEqual(recent.map((r) => r.id).sort());
  });

  it.runIf(kind === "pglite")("retries an email the SMTP server refuses at first (the request never waited on it)", async () => {
    inbox.setRefusing(true);
    const before = inbox.messages.length;
    const asked = await post("/login", { email: "retry@example.com" });
    expect(asked.status).toBe(202); // answered while the SMTP server refuses
    const queue = app.producer.queue("mail");
    const failedOnce = async () => (await queue.getJobs(["delayed"])).some((job) => job.name === "send-email" && job.attemptsMade >= 1);
    for (let i = 0; i < 100 && !(await failedOnce()); i++) await new Promise((r) => setTimeout(r, 100));
    expect(await failedOnce()).toBe(true);
    inbox.setRefusing(false);
    const mail = await inbox.nextTo("retry@example.com", before, 25_000);
    expect(mail.subject).toContain(SHOP_NAME);
  }, 45_000);
});
