import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rewardIssuerForShop } from "../../connectors/shopify/admin-graphql";
import { couponCodes, inboundEvents, rewards, transactions } from "../../db/schema/index";
import { createProgram } from "../../domain/programs/create-program";
import { updateProgram } from "../../domain/programs/update-program";
import { issueReferralRewards } from "../../domain/rewards/issue-referral-rewards";
import { createShop } from "../../domain/shops/create-shop";
import { loadConfig } from "../../runtime/config";
import type { RunningApp } from "../../runtime/start";
import { signedProxyUrl } from "../helpers/app-proxy-signer";
import { startTestApp } from "../helpers/app-server";
import { databaseKinds, targetFor } from "../helpers/databases";
import { basicProgram } from "../helpers/domain-fixture";
import { orderId, shopifyOrderBody, shopifyRefundBody } from "../helpers/ingest-fixtures";
import { installByTokenExchange, mockShopifyAdmin, shopifyAdminFor } from "../helpers/shopify-admin-mock";
import { shopifyWebhookHeaders } from "../helpers/shopify-signer";
import { waitFor } from "../helpers/wait-for";
import type { Program } from "../../db/schema/rows";

const SHOP = "refer.myshopify.com";
const REFERRER = "8001"; // Shopify customer id of the logged-in referrer
const FRIEND = 1; // order fixtures: customer 7000 + n

describe.each(databaseKinds)("refer-a-friend cycle with Admin GraphQL mocked, on %s", (kind) => {
  let app: RunningApp;
  let drop: () => Promise<void>;
  let shopId: string;
  let program: Program;
  let admin: ReturnType<typeof mockShopifyAdmin>;
  const config = loadConfig();

  const refer = async (customerId: string | null) => {
    const response = await fetch(signedProxyUrl(app.url, "/refer", { shop: SHOP, secret: config.shopify.apiSecret, customerId }));
    return { status: response.status, body: await response.json() };
  };
  const deliver = async (topic: string, body: string, eventId: string) => {
    const response = await fetch(`${app.url}/webhooks/${topic}`, {
      method: "POST",
      headers: shopifyWebhookHeaders({ topic, shop: SHOP, body, secret: config.shopify.apiSecret, eventId }),
      body,
    });
    expect(response.status).toBe(200);
    await waitFor(
      () => app.database.db.select().from(inboundEvents).where(eq(inboundEvents.externalId, eventId)),
      (rows) => rows[0]?.processedAt != null,
    );
  };
  const runRewards = () => issueReferralRewards(app.database.db, (shop) => rewardIssuerForShop(shopifyAdminFor(loadConfig(), app.database.db), shop));
  const rewardRows = () => app.database.db.select().from(rewards).where(eq(rewards.shopId, shopId));

  beforeAll(async () => {
    admin = mockShopifyAdmin(SHOP, { customerEmails: { [REFERRER]: "rita@example.com" } });
    const target = await targetFor(kind);
    drop = target.drop;
    app = await startTestApp({ database: target.target, worker: true });
    const shop = await createShop(app.database.db, { domain: SHOP });
    shopId = shop.id;
    await installByTokenExchange(loadConfig(), app.database.db, SHOP);
    ({ program } = await createProgram(app.database.db, shop.id, {
      ...basicProgram,
      name: "Refer a friend",
      type: "referral",
      holdDays: 0,
      commission: { kind: "percentage", percentBasisPoints: 0 },
      friendReward: { type: "percentage_discount", percentBasisPoints: 1000 },
      referrerReward: { type: "store_credit", amount: 500 },
    }));
  });
  afterAll(async () => {
    admin?.close();
    await app?.close();
    await drop?.();
  });

  it("gives a logged-in customer a referral link whose friend code is created in Shopify once", async () => {
    expect((await refer(null)).body).toMatchObject({ logged_in: false });
    const answers = await Promise.all([refer(REFERRER), refer(REFERRER), refer(REFERRER)]);
    for (const answer of answers) expect(answer.status).toBe(200);
    const { body } = answers[0]!;
    expect(answers.map((a) => a.body.code)).toEqual([body.code, body.code, body.code]);
    expect(body).toMatchObject({ logged_in: true, code: body.key, friend_reward: { type: "percentage_discount", percent: 10 }, referrer_reward: { type: "store_credit", amount: 500, currency: "USD", display: "5.00 USD" } });
    expect(body.link).toBe(`https://${SHOP}/discount/${body.key}?redirect=${encodeURIComponent(`/?ref=${body.key}`)}`);

    const created = admin.of("RewardDiscountCreate");
    expect(created).toHaveLength(1);
    expect(created[0]!.accessToken).toBe(admin.tokens.access);
    expect(created[0]!.variables.basicCodeDiscount).toMatchObject({
      code: body.key,
      context: { all: "ALL" },
      appliesOncePerCustomer: true,
      customerGets: { value: { percentage: 0.1 }, items: { all: true } },
    });
    const [coupon] = await app.database.db.select().from(couponCodes).where(eq(couponCodes.shopId, shopId));
    expect(coupon).toMatchObject({ code: body.key, provider: "shopify", externalId: expect.stringMatching(/^gid:\/\/shopify\/DiscountCodeNode\/\d+$/), programId: program.id });
    expect((await refer(REFERRER)).body.code).toBe(body.code);
    expect(admin.of("RewardDiscountCreate")).toHaveLength(1);
  });

  it("credits the referrer once when the friend's first order is paid, whatever the webhooks repeat", async () => {
    const { body } = await refer(REFERRER);
    const first = shopifyOrderBody(101, { code: body.code, customer: FRIEND, subtotal: "80.00" });
    await deliver("orders/paid", first, `paid-101-${kind}`);
    await deliver("orders/paid", first, `paid-101-${kind}`); // the same delivery again
    await deliver("orders/paid", first, `paid-101-again-${kind}`); // Shopify retrying with another event id
    const sales = await app.database.db.select().from(transactions).where(and(eq(transactions.shopId, shopId), eq(transactions.type, "sale")));
    expect(sales).toHaveLength(1);
    expect(sales[0]!.attribution).toMatchObject({ attributed: true, evidence: "coupon" });

    await Promise.all([runRewards(), runRewards(), runRewards()]);
    await runRewards();
    const rows = await rewardRows();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: "issued", amount: 500, currency: "USD", transactionId: sales[0]!.id, externalId: expect.stringMatching(/^gid:\/\/shopify\/StoreCreditAccountCreditTransaction\//) });
    const credits = admin.of("RewardStoreCredit");
    expect(credits).toHaveLength(1);
    expect(credits[0]!.variables).toEqual({ id: `gid://shopify/Customer/${REFERRER}`, creditInput: { creditAmount: { amount: "5.00", currencyCode: "USD" } } });
  });

  it("rewards nothing for the friend's second order, and once more for a second friend", async () => {
    const { body } = await refer(REFERRER);
    await deliver("orders/paid", shopifyOrderBody(102, { code: body.code, customer: FRIEND, subtotal: "20.00" }), `paid-102-${kind}`);
    await runRewards();
    expect(await rewardRows()).toHaveLength(1);
    expect(admin.of("RewardStoreCredit")).toHaveLength(1);

    await deliver("orders/paid", shopifyOrderBody(103, { code: body.code, customer: 2, subtotal: "50.00" }), `paid-103-${kind}`);
    await runRewards();
    await runRewards();
    expect((await rewardRows()).map((r) => r.status)).toEqual(["issued", "issued"]);
    expect(admin.of("RewardStoreCredit")).toHaveLength(2);
  });

  // Issue 17, "## Rewards and balances": the reward waits until the friend's first order's commission would be
  // approved. Orders are the published orders/paid sample (ingest-fixtures) placed "now", refunds the refunds/create one.
  it("rewards a friend's first order only once it is past the hold period, never a refunded, $0 or test first order", async () => {
    await updateProgram(app.database.db, shopId, program.id, { holdDays: 30 });
    const { body } = await refer(REFERRER);
    const placed = new Date();
    const order = (n: number, friend: number, subtotal: string, changes: Record<string, unknown> = {}) =>
      JSON.stringify({ ...JSON.parse(shopifyOrderBody(n, { code: body.code, customer: friend, subtotal })), processed_at: placed.toISOString(), ...changes });
    await deliver("orders/paid", order(201, 11, "60.00"), `paid-201-${kind}`);
    await deliver("orders/paid", order(202, 12, "40.00"), `paid-202-${kind}`);
    await deliver("refunds/create", shopifyRefundBody(202, 1, "40.00"), `refund-202-${kind}`);
    await deliver("orders/paid", order(203, 13, "0.00"), `paid-203-${kind}`);
    await deliver("orders/paid", order(204, 14, "25.00", { test: true }), `paid-204-${kind}`);
    const before = (await rewardRows()).length;
    const credits = admin.of("RewardStoreCredit").length;

    expect(await issueReferralRewards(app.database.db, (shop) => rewardIssuerForShop(shopifyAdminFor(loadConfig(), app.database.db), shop), 100, new Date(placed.getTime() + 29 * 86_400_000))).toEqual([]);
    const due = await issueReferralRewards(app.database.db, (shop) => rewardIssuerForShop(shopifyAdminFor(loadConfig(), app.database.db), shop), 100, new Date(placed.getTime() + 31 * 86_400_000));
    const [sale] = await app.database.db.select().from(transactions).where(and(eq(transactions.shopId, shopId), eq(transactions.externalId, orderId(201))));
    expect(due.map((r) => [r.status, r.transactionId])).toEqual([["issued", sale!.id]]);
    expect(await rewardRows()).toHaveLength(before + 1);
    expect(admin.of("RewardStoreCredit")).toHaveLength(credits + 1);
  });
});
