import { loadConfig } from "../../runtime/config";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rewardIssuerForShop } from "../../connectors/shopify/admin-graphql";
import { rewards } from "../../db/schema/index";
import { confirmSubscriberByEmail } from "../../domain/newsletter/confirm-subscriber";
import { subscribe } from "../../domain/newsletter/subscribe";
import { createPartner } from "../../domain/partners/create-partner";
import { createProgram } from "../../domain/programs/create-program";
import { issueMilestoneRewards } from "../../domain/rewards/issue-milestone-rewards";
import { retryReward } from "../../domain/rewards/retry-reward";
import { DomainError } from "../../domain/shared/errors";
import { createShop } from "../../domain/shops/create-shop";
import { databaseKinds, openTestDatabase, type TestDatabase } from "../helpers/databases";
import { basicProgram } from "../helpers/domain-fixture";
import { newsletterProgram } from "../helpers/proxy-app";
import { installByTokenExchange, mockShopifyAdmin, shopifyAdminFor } from "../helpers/shopify-admin-mock";
import type { Partner, Program } from "../../db/schema/rows";

const SHOP = "retry.myshopify.com";

describe.each(databaseKinds)("retrying a failed or stuck reward issues it once (%s)", (kind) => {
  let database: TestDatabase;
  let admin: ReturnType<typeof mockShopifyAdmin>;
  let shopId: string;
  let otherShopId: string;
  let program: Program;
  let subscriberCount = 0;

  const run = () => issueMilestoneRewards(database.db, (shop) => rewardIssuerForShop(shopifyAdminFor(loadConfig(), database.db), shop));
  const rewardsOf = (partner: Partner) => database.db.select().from(rewards).where(and(eq(rewards.shopId, shopId), eq(rewards.partnerId, partner.id)));
  const errorOf = (work: Promise<unknown>) => work.then(() => undefined, (error: DomainError) => ({ code: error.code, field: error.field }));
  /** A referrer with three confirmed referrals: the 3-referral milestone is due. */
  const referrerWithThree = async () => {
    const { partner } = await createPartner(database.db, shopId, { programId: program.id, email: `referrer${++subscriberCount}@example.com`, status: "active" });
    for (let i = 0; i < 3; i++) {
      const email = `friend${subscriberCount}-${i}@example.com`;
      await subscribe(database.db, shopId, { programId: program.id, email, referralKey: partner.key });
      await confirmSubscriberByEmail(database.db, shopId, program.id, email);
    }
    return partner;
  };

  beforeAll(async () => {
    admin = mockShopifyAdmin(SHOP, { customerEmails: {} });
    database = await openTestDatabase(kind);
    shopId = (await createShop(database.db, { domain: SHOP })).id;
    otherShopId = (await createShop(database.db, { domain: "other-retry.myshopify.com" })).id;
    await installByTokenExchange(loadConfig(), database.db, SHOP);
    ({ program } = await createProgram(database.db, shopId, { ...basicProgram, ...newsletterProgram("Letters", { type: "fixed_discount", amount: 2000 }) }));
  }, 60_000);
  afterAll(async () => {
    admin?.close();
    await database?.destroy();
  });

  it("a reward Shopify refused is failed; Retry releases it once and the next run issues it", async () => {
    const referrer = await referrerWithThree();
    admin.state.refuseDiscounts = true;
    await run();
    const [failed] = await rewardsOf(referrer);
    expect(failed).toMatchObject({ status: "failed", milestone: 3, error: "basicCodeDiscount.code Code must be unique" });

    expect(await errorOf(retryReward(database.db, otherShopId, failed!.id))).toEqual({ code: "not_found", field: "id" });
    expect(await rewardsOf(referrer)).toEqual([failed]);

    admin.state.refuseDiscounts = false;
    const callsBefore = admin.of("RewardDiscountCreate").length;
    await retryReward(database.db, shopId, failed!.id);
    expect(await errorOf(retryReward(database.db, shopId, failed!.id))).toEqual({ code: "not_found", field: "id" });
    await run();
    await run();
    const after = await rewardsOf(referrer);
    expect(after).toHaveLength(1);
    expect(after[0]).toMatchObject({ status: "issued", milestone: 3, error: null });
    expect(after[0]!.code).toMatch(/^THANKS-/);
    expect(admin.of("RewardDiscountCreate").length).toBe(callsBefore + 1);
    expect(await errorOf(retryReward(database.db, shopId, after[0]!.id))).toEqual({ code: "conflict", field: "id" });
  });

  it("an issuing reward can be retried only once it is stuck (5 minutes), never while a worker may hold it", async () => {
    const referrer = await referrerWithThree();
    const claim = async (createdAt: Date) =>
      (await database.db.insert(rewards).values({ shopId, programId: program.id, partnerId: referrer.id, milestone: 3, spec: program.milestones[0]!.reward, error: "fetch failed", createdAt }).returning())[0]!;
    const fresh = await claim(new Date());
    expect(await errorOf(retryReward(database.db, shopId, fresh.id))).toEqual({ code: "conflict", field: "id" });
    await database.db.update(rewards).set({ createdAt: new Date(Date.now() - 6 * 60_000) }).where(eq(rewards.id, fresh.id));
    await retryReward(database.db, shopId, fresh.id);
    await run();
    expect((await rewardsOf(referrer)).map((r) => r.status)).toEqual(["issued"]);
  });

  it.runIf(kind === "postgres")("concurrent retries and issue runs on separate connections still issue it exactly once (20 rounds)", async () => {
    for (let round = 0; round < 20; round++) {
      const referrer = await referrerWithThree();
      admin.state.refuseDiscounts = true;
      await run();
      admin.state.refuseDiscounts = false;
      const [failed] = await rewardsOf(referrer);
      const callsBefore = admin.of("RewardDiscountCreate").length;
      const outcomes = await Promise.allSettled([
        retryReward(database.db, shopId, failed!.id),
        retryReward(database.db, shopId, failed!.id),
        retryReward(database.db, shopId, failed!.id),
        run(),
        run(),
        run(),
      ]);
      await run();
      expect(outcomes.slice(0, 3).filter((o) => o.status === "fulfilled")).toHaveLength(1);
      const after = await rewardsOf(referrer);
      expect(after.map((r) => r.status)).toEqual(["issued"]);
      expect(admin.of("RewardDiscountCreate").length).toBe(callsBefore + 1);
    }
  }, 240_000);
});
