import { clickFingerprintKey } from "../../runtime/current-secret-box";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { customerExternalIds, leads, partners } from "../../db/schema/index";
import { registerPartnerCoupon } from "../../domain/coupons/register-partner-coupon";
import { trackCustomer } from "../../domain/customers/track-customer";
import { recordClick } from "../../domain/links/record-click";
import { createProgram } from "../../domain/programs/create-program";
import { recordTransaction } from "../../domain/transactions/record-transaction";
import { loadConfig } from "../../runtime/config";
import { formToken } from "../../app/proxy/form-token.server";
import type { RunningApp } from "../../runtime/start";
import { appProxySignature, signedProxyUrl } from "../helpers/app-proxy-signer";
import { databaseKinds } from "../helpers/databases";
import { basicProgram } from "../helpers/domain-fixture";
import { startAppWithShop } from "../helpers/proxy-app";
import type { Program } from "../../db/schema/rows";

const SHOP = "portal.myshopify.com";
const MIA = "7001"; // Shopify customer ids
const LEO = "7002";

describe.each(databaseKinds)("partner portal through the app proxy, on %s", (kind) => {
  let fixture: Awaited<ReturnType<typeof startAppWithShop>>;
  let app: RunningApp;
  let shopId: string;
  let open: Program;
  let reviewed: Program;
  const secret = loadConfig().shopify.apiSecret;

  const url = (path: string, customerId: string | null, query: Record<string, string> = {}) =>
    signedProxyUrl(app.url, path, { shop: SHOP, secret, customerId, query });
  const get = async (path: string, customerId: string | null, query: Record<string, string> = {}) => {
    const response = await fetch(url(path, customerId, query));
    return { status: response.status, type: response.headers.get("content-type"), html: await response.text() };
  };
  const post = async (path: string, customerId: string | null, form: Record<string, string>, query: Record<string, string> = {}) => {
    const response = await fetch(url(path, customerId, query), { method: "POST", body: new URLSearchParams(form), redirect: "manual" });
    return { status: response.status, location: response.headers.get("location"), html: await response.text() };
  };
  /** The form token the page rendered for this customer. */
  const tokenIn = (html: string, action: string) => html.match(new RegExp(`action="/apps/partners/${action}"><input type="hidden" name="form_token" value="([^"]+)"`))?.[1];
  const partnerOf = async (customerId: string) => {
    const [row] = await app.database.db
      .select({ partner: partners })
      .from(customerExternalIds)
      .innerJoin(partners, eq(partners.customerId, customerExternalIds.customerId))
      .where(and(eq(customerExternalIds.shopId, shopId), eq(customerExternalIds.provider, "shopify"), eq(customerExternalIds.externalId, customerId)));
    return row?.partner;
  };
  const join = async (customerId: string, program: Program, email: string, name = "") => {
    const page = await get("/portal", customerId);
    return post("/signup", customerId, { form_token: tokenIn(page.html, "signup")!, program: program.id, email, name });
  };

  beforeAll(async () => {
    fixture = await startAppWithShop(kind, SHOP, { name: "Open program", autoApprovePartners: true, leadSubmission: true, holdDays: 0 });
    app = fixture.app;
    shopId = fixture.shop.id;
    open = fixture.program;
    reviewed = (await createProgram(app.database.db, shopId, { ...basicProgram, name: "Reviewed program" })).program;
  });
  afterAll(async () => {
    await fixture?.close();
  });

  it("answers 401 to unsigned, tampered, re-keyed and stale requests, reading and writing alike", async () => {
    const signed = url("/portal", MIA);
    const cases = [
      `${app.url}/proxy/portal?shop=${SHOP}&logged_in_customer_id=${MIA}&path_prefix=%2Fapps%2Fpartners&timestamp=${Math.floor(Date.now() / 1000)}`,
      signed.replace(`logged_in_customer_id=${MIA}`, `logged_in_customer_id=${LEO}`),
      signed.replace("path_prefix=", "extra=1&path_prefix="),
      signedProxyUrl(app.url, "/portal", { shop: SHOP, secret: "another-apps-secret", customerId: MIA }),
      signedProxyUrl(app.url, "/portal", { shop: SHOP, secret, customerId: MIA, timestamp: Math.floor(Date.now() / 1000) - 300 }),
    ];
    for (const target of cases) expect((await fetch(target)).status, target).toBe(401);
    const forged = new URLSearchParams({ shop: SHOP, logged_in_customer_id: MIA, path_prefix: "/apps/partners", timestamp: String(Math.floor(Date.now() / 1000)) });
    forged.set("signature", appProxySignature(forged, secret).replace(/^./, (c) => (c === "a" ? "b" : "a")));
    const response = await fetch(`${app.url}/proxy/signup?${forged}`, { method: "POST", body: new URLSearchParams({ program: open.id, email: "x@example.com" }) });
    expect(response.status).toBe(401);
    expect(await partnerOf(MIA)).toBeUndefined();
  });

  it("asks a visitor who is not logged in to log in, inside the theme (application/liquid)", async () => {
    const page = await get("/portal", null);
    expect(page.status).toBe(200);
    expect(page.type).toMatch(/^application\/liquid/);
    expect(page.html).toContain('href="{{ routes.account_login_url }}"');
    expect(page.html).toContain('href="{{ routes.account_register_url }}"');
    // Without a login, an application is made by email: nothing exists until the emailed link is followed.
    expect((await post("/signup", null, { program: open.id, email: "x@example.com" })).status).toBe(202);
    expect((await app.database.db.select().from(partners).where(eq(partners.emailNormalized, "x@example.com"))).length).toBe(0);
  });

  it("signs a logged-in customer up: active at once when the program auto-approves, pending when it reviews", async () => {
    const form = await get("/portal", MIA);
    expect(form.html).toContain("Become a partner");
    expect(form.html).toContain("Open program");
    expect(form.html).toContain("Reviewed program");

    const joined = await join(MIA, open, "mia@example.com", "Mia");
    expect(joined.status).toBe(303);
    expect(joined.location).toBe(`/apps/partners/portal?program=${open.id}&notice=joined`);
    const mia = await partnerOf(MIA);
    expect(mia).toMatchObject({ programId: open.id, email: "mia@example.com", name: "Mia", status: "active" });

    expect((await join(LEO, reviewed, "leo@example.com")).status).toBe(303);
    expect(await partnerOf(LEO)).toMatchObject({ programId: reviewed.id, status: "pending" });
    const pending = await get("/portal", LEO);
    expect(pending.html).toContain("Your application is being reviewed");

    const dashboard = await get("/portal", MIA, { notice: "joined" });
    expect(dashboard.html).toContain("Welcome aboard");
    expect(dashboard.html).toContain(`value="https://${SHOP}/?ref=${mia!.key}"`);
    expect(dashboard.html).toContain(`value="https://${SHOP}/apps/partners/r/${mia!.key}"`);
  });

  it("refuses a form without this customer's token (another site posting with the visitor's login)", async () => {
    const leoPage = await get("/portal", LEO);
    const leoToken = tokenIn(leoPage.html, "payout-method")!;
    expect(leoToken).toBeDefined();
    for (const token of ["", "forged", leoToken]) {
      const response = await post("/payout-method", MIA, { form_token: token, program: open.id, method: "paypal", paypal_email: "thief@example.com" });
      expect(response.status).toBe(403);
    }
    expect((await partnerOf(MIA))!.payoutDetails).toEqual({});
    expect((await post("/signup", "7999", { form_token: "forged", program: open.id, email: "z@example.com" })).status).toBe(403);
    expect(await partnerOf("7999")).toBeUndefined();
  });

  it("answers 415 to a form sent as JSON or text and 400 to an unreadable multipart body, never 500", async () => {
    for (const [type, body, status] of [["application/json", '{"email":"x@example.com"}', 415], ["text/plain", "email=x@example.com", 415], ["multipart/form-data; boundary=x", "not multipart", 400]] as const) {
      for (const path of ["/signup", "/payout-method", "/leads"]) {
        const response = await fetch(url(path, MIA), { method: "POST", headers: { "content-type": type }, body });
        expect(response.status, `${type} to ${path}`).toBe(status);
      }
    }
  });

  it("names the field of a bad application and refuses a second one", async () => {
    const page = await get("/portal", "7003");
    const bad = await post("/signup", "7003", { form_token: tokenIn(page.html, "signup")!, program: open.id, email: "not-an-email" });
    expect(bad.status).toBe(400);
    expect(bad.html).toContain('data-field="email"');
    expect(bad.html).toContain('value="not-an-email"');
    const stolen = await post("/signup", MIA, { form_token: tokenIn(page.html, "signup")!, program: open.id, email: "mia2@example.com" });
    expect(stolen.status).toBe(403); // 7003's token is not Mia's
    const miasToken = formToken(`${shopId}:${MIA}:signup:`);
    const again = await post("/signup", MIA, { form_token: miasToken, program: open.id, email: "mia2@example.com" });
    expect(again.status).toBe(409);
    expect(again.html).toContain("already applied");
    expect((await app.database.db.select().from(partners).where(eq(partners.emailNormalized, "mia2@example.com"))).length).toBe(0);
  });

  it("shows a partner their own links, coupons, clicks, customers, revenue, commissions and balance, and nobody else's", async () => {
    const db = app.database.db;
    const mia = (await partnerOf(MIA))!;
    await registerPartnerCoupon(db, shopId, { programId: open.id, partnerId: mia.id, code: "MIA15" });
    await registerPartnerCoupon(db, shopId, { programId: open.id, partnerId: fixture.partner.id, code: "AVA-SECRET" });
    await recordClick(db, shopId, { referralKey: mia.key, url: `https://${SHOP}/?ref=${mia.key}` }, clickFingerprintKey());
    await recordClick(db, shopId, { referralKey: mia.key, url: `https://${SHOP}/?ref=${mia.key}` }, clickFingerprintKey());
    await recordClick(db, shopId, { referralKey: "AVA", url: `https://${SHOP}/?ref=AVA` }, clickFingerprintKey());
    const { customer: buyer } = await trackCustomer(db, open, { key: "buyer-1", email: "buyer.one@example.com", referralKey: mia.key });
    const { customer: avas } = await trackCustomer(db, open, { key: "buyer-2", email: "ava.customer@example.com", referralKey: "AVA" });
    await recordTransaction(db, open, buyer, { provider: "test", externalId: "o-1", type: "sale", amount: 123_450, currency: "USD" });
    await recordTransaction(db, open, avas, { provider: "test", externalId: "o-2", type: "sale", amount: 999_900, currency: "USD" });

    const page = await get("/portal", MIA, { key: "AVA", partner: fixture.partner.id });
    expect(page.status).toBe(200);
    const html = page.html;
    expect(html).toContain("MIA15");
    expect(html).toMatch(/Clicks <b>2<\/b>/);
    expect(html).toMatch(/Referred customers <b>1<\/b>/);
    expect(html).toContain("b***@example.com");
    expect(html).not.toContain("buyer.one@example.com");
    expect(html).toContain("1,234.50 USD"); // revenue
    expect(html).toContain("123.45 USD"); // 10 % commission, approved at once (hold 0), payable
    expect(html).toContain("approved");
    for (const foreign of ["AVA-SECRET", "ava.customer", "9,999.00", "999.90", "ref=AVA"]) expect(html).not.toContain(foreign);
  });

  it("answers 404 when a partner asks for a program where someone else is the partner, and changes nothing there", async () => {
    const page = await get("/portal", MIA, { program: reviewed.id });
    expect(page.status).toBe(404);
    const leo = (await partnerOf(LEO))!;
    expect(page.html).not.toContain(leo.key);
    const miaPage = await get("/portal", MIA);
    const response = await post("/payout-method", MIA, {
      form_token: tokenIn(miaPage.html, "payout-method")!,
      program: reviewed.id,
      method: "paypal",
      paypal_email: "mia@example.com",
    });
    expect(response.status).toBe(404);
    expect((await partnerOf(LEO))!.payoutDetails).toEqual({});
  });

  it("saves a PayPal or Wise payout method, naming the field that is wrong", async () => {
    const page = await get("/portal", MIA);
    const token = tokenIn(page.html, "payout-method")!;
    const paypal = await post("/payout-method", MIA, { form_token: token, program: open.id, method: "paypal", paypal_email: "mia.pay@example.com" });
    expect(paypal.status).toBe(303);
    expect(paypal.location).toBe(`/apps/partners/portal?program=${open.id}&notice=payout_saved`);
    expect(await partnerOf(MIA)).toMatchObject({ payoutMethod: "paypal", payoutDetails: { paypal_email: "mia.pay@example.com" } });

    const bad = await post("/payout-method", MIA, { form_token: token, program: open.id, method: "wise", wise_email: "mia@wise.example", account_holder: "Mia Rossi", currency: "euro" });
    expect(bad.status).toBe(400);
    expect(bad.html).toContain('data-field="currency"');
    expect(await partnerOf(MIA)).toMatchObject({ payoutMethod: "paypal" });

    const wise = await post("/payout-method", MIA, { form_token: token, program: open.id, method: "wise", wise_email: "mia@wise.example", account_holder: "Mia Rossi", currency: "eur" });
    expect(wise.status).toBe(303);
    expect(await partnerOf(MIA)).toMatchObject({ payoutMethod: "wise", payoutDetails: { wise_email: "mia@wise.example", account_holder: "Mia Rossi", currency: "EUR" } });
  });

  it("takes leads when the program allows them, and only from active partners", async () => {
    const page = await get("/portal", MIA);
    const submitted = await post("/leads", MIA, { form_token: tokenIn(page.html, "leads")!, program: open.id, email: "lead@example.com", name: "Lee" });
    expect(submitted.status).toBe(303);
    expect(await app.database.db.select({ email: leads.email }).from(leads).where(eq(leads.shopId, shopId))).toEqual([{ email: "lead@example.com" }]);
    expect((await get("/portal", MIA)).html).toContain("lead@example.com");

    const leoPage = await get("/portal", LEO);
    expect(leoPage.html).not.toContain("Submit a lead");
    const refused = await post("/leads", LEO, { form_token: tokenIn(leoPage.html, "payout-method")!, program: reviewed.id, email: "x@example.com" });
    expect(refused.status).toBe(403);
  });

  it.runIf(kind === "postgres")("makes one partner of a customer's double submit, on parallel connections", async () => {
    const customerId = "7005";
    const token = formToken(`${shopId}:${customerId}:signup:`);
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) => post("/signup", customerId, { form_token: token, program: open.id, email: `twice${i}@example.com` })),
    );
    expect(results.map((r) => r.status).sort()).toEqual([303, 409, 409, 409, 409, 409]);
    const rows = await app.database.db.select().from(partners).where(and(eq(partners.shopId, shopId), eq(partners.programId, open.id)));
    expect(rows.filter((p) => p.email.startsWith("twice"))).toHaveLength(1);
  });

  it("never lets a partner's own text run as Liquid in the theme", async () => {
    const page = await get("/portal", "7004");
    await post("/signup", "7004", { form_token: tokenIn(page.html, "signup")!, program: open.id, email: "liquid@example.com", name: "{{ shop.metafields }} {% render 'x' %}" });
    const html = (await get("/portal", "7004")).html;
    expect(html).not.toMatch(/\{\{|\{%/);
    expect(html).toContain("&#123;{ shop.metafields }}");
  });
});
