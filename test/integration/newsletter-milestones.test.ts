import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rewardIssuerForShop } from "../../connectors/shopify/admin-graphql";
import { newsletterSubscriptions, partners, rewards } from "../../db/schema/index";
import { confirmSubscriberByEmail } from "../../domain/newsletter/confirm-subscriber";
import { subscribe } from "../../domain/newsletter/subscribe";
import { issueMilestoneRewards } from "../../domain/rewards/issue-milestone-rewards";
import { loadConfig } from "../../runtime/config";
import type { RunningApp } from "../../runtime/start";
import { signedProxyUrl } from "../helpers/app-proxy-signer";
import { databaseKinds } from "../helpers/databases";
import { newsletterProgram, startAppWithShop } from "../helpers/proxy-app";
import { installByTokenExchange, mockShopifyAdmin, shopifyAdminFor } from "../helpers/shopify-admin-mock";

const SHOP = "letters.myshopify.com";

describe.each(databaseKinds)("newsletter referral milestones with Admin GraphQL mocked, on %s", (kind) => {
  let fixture: Awaited<ReturnType<typeof startAppWithShop>>;
  let app: RunningApp;
  let admin: ReturnType<typeof mockShopifyAdmin>;
  let ninaPage: string;
  const secret = loadConfig().shopify.apiSecret;

  const proxy = (path: string, init: RequestInit = {}, query: Record<string, string> = {}) =>
    fetch(signedProxyUrl(app.url, path, { shop: SHOP, secret, query }), { redirect: "manual", ...init });
  const join = (email: string, ref?: string) => proxy("/newsletter/join", { method: "POST", body: new URLSearchParams({ email, ...(ref ? { ref } : {}) }) });
  /** The token of the double opt-in link the subscriber receives (subscribing again before confirming issues a fresh one). */
  const linkToken = async (email: string) => (await subscribe(app.database.db, fixture.shop.id, { programId: fixture.program.id, email })).token!;
  const confirm = (token: string) => proxy("/newsletter/confirm", {}, { token });
  const partnerByEmail = async (email: string) => (await app.database.db.select().from(partners).where(eq(partners.emailNormalized, email)))[0]!;
  const runMilestones = () => issueMilestoneRewards(app.database.db, (shop) => rewardIssuerForShop(shopifyAdminFor(loadConfig(), app.database.db), shop));
  const subscriberPage = async (signed: string) => {
    const response = await proxy("/newsletter", {}, { subscriber: signed });
    return { status: response.status, html: await response.text() };
  };

  beforeAll(async () => {
    admin = mockShopifyAdmin(SHOP, { customerEmails: {} });
    fixture = await startAppWithShop(kind, SHOP, newsletterProgram("Letters", { type: "fixed_discount", amount: 2000 }));
    app = fixture.app;
    await installByTokenExchange(loadConfig(), app.database.db, SHOP);
  });
  afterAll(async () => {
    admin?.close();
    await fixture?.close();
  });

  it("subscribes through the proxy, pending until the double opt-in link confirms, then shows the subscriber's page", async () => {
    const joined = await join("nina@example.com");
    expect(joined.status).toBe(202);
    expect(await partnerByEmail("nina@example.com")).toMatchObject({ status: "pending" });
    const confirmed = await confirm(await linkToken("nina@example.com"));
    expect(confirmed.status).toBe(303);
    ninaPage = new URL(confirmed.headers.get("location")!, "https://x").searchParams.get("subscriber")!;
    expect(await partnerByEmail("nina@example.com")).toMatchObject({ status: "active" });
    const page = await subscriberPage(ninaPage);
    expect(page.status).toBe(200);
    const nina = await partnerByEmail("nina@example.com");
    expect(page.html).toContain(`value="https://${SHOP}/apps/partners/newsletter/join?ref=${nina.key}"`);
    expect(page.html).toMatch(/Confirmed referrals <b>0<\/b>/);
    expect((await subscriberPage(`${ninaPage.slice(0, -2)}xx`)).status).toBe(404);
    expect((await confirm("not-a-token")).status).toBe(404);
  });

  it("fulfils the 3-referral milestone exactly once, counting only confirmed, non-self referrals", async () => {
    const nina = await partnerByEmail("nina@example.com");
    for (const friend of ["f1@example.com", "f2@example.com", "f3@example.com", "f4@example.com"]) expect((await join(friend, nina.key)).status).toBe(202);
    await join("nina@example.com", nina.key); // her own link: not a referral, and she is already confirmed
    const referred = await app.database.db
      .select()
      .from(newsletterSubscriptions)
      .where(and(eq(newsletterSubscriptions.shopId, fixture.shop.id), eq(newsletterSubscriptions.referrerPartnerId, nina.id)));
    expect(referred).toHaveLength(4);

    const f1 = await linkToken("f1@example.com");
    await confirm(f1);
    await confirm(f1); // the link followed twice
    await confirmSubscriberByEmail(app.database.db, fixture.shop.id, fixture.program.id, "F2@example.com"); // the email platform's event
    await confirmSubscriberByEmail(app.database.db, fixture.shop.id, fixture.program.id, "f2@example.com"); // delivered again
    await runMilestones();
    expect(await app.database.db.select().from(rewards)).toEqual([]);

    await confirm(await linkToken("f3@example.com"));
    await Promise.all([runMilestones(), runMilestones(), runMilestones()]);
    await runMilestones();
    const given = await app.database.db.select().from(rewards).where(eq(rewards.partnerId, nina.id));
    expect(given).toHaveLength(1);
    expect(given[0]).toMatchObject({ milestone: 3, status: "issued", code: expect.stringMatching(/^THANKS-[A-Z0-9]{8}$/) });
    const created = admin.of("RewardDiscountCreate");
    expect(created).toHaveLength(1);
    expect(created[0]!.variables.basicCodeDiscount).toMatchObject({ code: given[0]!.code, context: { all: "ALL" }, usageLimit: 1, customerGets: { value: { percentage: 0.1 } } });

    const page = await subscriberPage(ninaPage);
    expect(page.html).toMatch(/Confirmed referrals <b>3<\/b>/);
    expect(page.html).toContain(given[0]!.code!);
    expect(page.html).toContain("7 to go");
  });
});
