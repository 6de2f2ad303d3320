import type { SecretBox } from "../access/secret-box";
import type { Database } from "../../db/client";
import { createPartner } from "../partners/create-partner";
import { createProgram, type ProgramInput } from "../programs/create-program";
import { registerPartnerCoupon } from "../coupons/register-partner-coupon";
import { createShop, findShopByDomain } from "../shops/create-shop";
import { seedActivity, type ActivityCounts } from "./seed-activity";
import { seedDemoCreatives, seedDemoRewards } from "./seed-creatives-and-rewards";
import type { Partner, Program } from "../../db/schema/rows";

export const DEMO_SHOP_DOMAIN = "affiliate-hub-demo.myshopify.com";

const demoPrograms: ProgramInput[] = [
  {
    name: "Creators affiliate program",
    type: "affiliate",
    currency: "USD",
    cookieDays: 30,
    attribution: "last_click",
    holdDays: 30,
    payoutThreshold: 5000,
    leadSubmission: true,
    commission: { kind: "percentage", percentBasisPoints: 2000 },
    tiers: [{ thresholdAmount: 500000, percentBasisPoints: 2500 }],
    tierPeriod: { kind: "month" },
  },
  {
    name: "Refer a friend",
    type: "referral",
    currency: "USD",
    cookieDays: 60,
    attribution: "first_click",
    holdDays: 14,
    payoutThreshold: 0,
    commission: { kind: "fixed", amount: 1000, per: "order" },
    friendReward: { type: "percentage_discount", percentBasisPoints: 1000 },
    referrerReward: { type: "store_credit", amount: 1000 },
  },
  {
    name: "Newsletter referrals",
    type: "newsletter",
    currency: "USD",
    cookieDays: null,
    attribution: "first_click",
    holdDays: 0,
    payoutThreshold: 0,
    commission: { kind: "fixed", amount: 0, per: "order" },
    milestones: [
      { referredCount: 3, reward: { type: "percentage_discount", percentBasisPoints: 1500 } },
      { referredCount: 10, reward: { type: "fixed_discount", amount: 2500 } },
    ],
  },
];

const demoPartners = [
  { email: "ava@example.com", name: "Ava Creator", key: "AVA", coupon: "AVA10" },
  { email: "noah@example.com", name: "Noah Reviews", key: "NOAH", coupon: "NOAH15" },
];

/** More partners of the affiliate program, in every status. */
const moreAffiliates = [
  { email: "mia@example.com", name: "Mia Outdoors", key: "MIA", coupon: "MIA10", status: "active" as const },
  { email: "leo@example.com", name: "Leo Tech Deals", key: "LEO", coupon: "LEO10", status: "active" as const },
  { email: "zoe@example.com", name: "Zoe Styles", key: "ZOE", coupon: "ZOE10", status: "active" as const },
  { email: "sam@example.com", name: "Sam Applicant", key: "SAM", coupon: "SAM10", status: "pending" as const },
  { email: "spam@example.com", name: "Coupon Site", key: "DEALZ", coupon: "DEALZ99", status: "suspended" as const },
];

export type DemoSeedResult = { created: boolean; shopDomain: string; programs: number; partners: number; activity?: ActivityCounts };

/**
 * Seeds a demo shop with one program of each type, partners with keys and coupons, and 90 days of activity in the
 * affiliate program (seedActivity). Does nothing if it exists.
 */
/** `secrets` seals the demo connection's secret and keys the click fingerprints, as in the running app. */
export async function seedDemo(db: Database, secrets: SecretBox, now = new Date()): Promise<DemoSeedResult> {
  if (await findShopByDomain(db, DEMO_SHOP_DOMAIN)) {
    return { created: false, shopDomain: DEMO_SHOP_DOMAIN, programs: 0, partners: 0 };
  }
  const shop = await createShop(db, { domain: DEMO_SHOP_DOMAIN, name: "Affiliate Hub demo", currency: "USD" });
  let partnerCount = 0;
  let affiliate: { program: Program; partners: Array<{ partner: Partner; coupon: string }> } | undefined;
  const byType: Partial<Record<Program["type"], { program: Program; partners: Partner[] }>> = {};
  for (const [index, programInput] of demoPrograms.entries()) {
    const { program } = await createProgram(db, shop.id, programInput);
    const created: Array<{ partner: Partner; coupon: string }> = [];
    for (const person of demoPartners) {
      const suffix = index === 0 ? "" : `-${programInput.type.toUpperCase()}`;
      const { partner } = await createPartner(db, shop.id, {
        programId: program.id,
        email: person.email,
        name: person.name,
        key: `${person.key}${suffix}`,
        status: "active",
      });
      await registerPartnerCoupon(db, shop.id, { programId: program.id, partnerId: partner.id, code: `${person.coupon}${suffix}` });
      created.push({ partner, coupon: `${person.coupon}${suffix}` });
      partnerCount += 1;
    }
    byType[program.type] = { program, partners: created.map((c) => c.partner) };
    if (index === 0) {
      for (const person of moreAffiliates) {
        const { partner } = await createPartner(db, shop.id, { programId: program.id, ...person });
        await registerPartnerCoupon(db, shop.id, { programId: program.id, partnerId: partner.id, code: person.coupon });
        if (person.status === "active") created.push({ partner, coupon: person.coupon });
        partnerCount += 1;
      }
      affiliate = { program, partners: created };
    }
  }
  const activity = await seedActivity(db, secrets, affiliate!.program, affiliate!.partners, now);
  await seedDemoCreatives(db, shop.id, affiliate!.program);
  await seedDemoRewards(db, shop.id, byType.referral!, byType.newsletter!, now);
  return { created: true, shopDomain: DEMO_SHOP_DOMAIN, programs: demoPrograms.length, partners: partnerCount, activity };
}

export async function isDatabaseEmpty(db: Database): Promise<boolean> {
  const rows = await db.query.shops.findFirst({ columns: { id: true } });
  return rows === undefined;
}
