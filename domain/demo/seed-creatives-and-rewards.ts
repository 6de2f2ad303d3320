import { and, eq, isNotNull } from "drizzle-orm";
import type { Database } from "../../db/client";
import { customers, rewards } from "../../db/schema/index";
import { createCreative } from "../creatives/create-creative";
import { encodePng } from "../shared/png-image";
import type { Partner, Program } from "../../db/schema/rows";

type Rgb = [number, number, number];
const mix = (a: Rgb, b: Rgb, t: number): Rgb => [0, 1, 2].map((i) => Math.round(a[i]! + (b[i]! - a[i]!) * t)) as Rgb;

/** A banner of two colours with diagonal stripes: something to see in the admin and the portal. */
export const demoBanner = (width: number, height: number, from: Rgb, to: Rgb) =>
  encodePng(width, height, (x, y) => ((x + y) % 40 < 6 ? mix(from, [255, 255, 255], 0.35) : mix(from, to, x / width)));

/** Two banners for the affiliate program's partners. */
export async function seedDemoCreatives(db: Database, shopId: string, program: Program): Promise<void> {
  await createCreative(db, shopId, { programId: program.id, name: "Summer sale leaderboard", altText: "Summer sale: 20 % off everything", linkPath: "/collections/sale", bytes: demoBanner(728, 90, [230, 92, 60], [250, 180, 60]) });
  await createCreative(db, shopId, { programId: program.id, name: "New arrivals square", bytes: demoBanner(250, 250, [40, 90, 160], [60, 170, 150]) });
}

/**
 * Rewards in each status, written as records: issuing them for real needs a Shopify store, which the demo has not.
 * A store-credit reward for a friend's first order, a milestone code, a refused one and one stuck issuing.
 */
export async function seedDemoRewards(db: Database, shopId: string, referral: { program: Program; partners: Partner[] }, newsletter: { program: Program; partners: Partner[] }, now: Date): Promise<void> {
  const friends = await db.select({ id: customers.id }).from(customers).where(and(eq(customers.shopId, shopId), isNotNull(customers.email))).limit(2);
  const ago = (minutes: number) => new Date(now.getTime() - minutes * 60_000);
  const [ava, noah] = referral.partners;
  await db.insert(rewards).values([
    { shopId, programId: referral.program.id, partnerId: ava!.id, referredCustomerId: friends[0]?.id, spec: referral.program.referrerReward!, status: "issued", amount: 1000, currency: "USD", externalId: "gid://shopify/StoreCreditAccountCreditTransaction/1001", issuedAt: ago(3000), createdAt: ago(3000) },
    { shopId, programId: referral.program.id, partnerId: noah!.id, referredCustomerId: friends[1]?.id, spec: referral.program.referrerReward!, status: "failed", error: "creditInput.creditAmount Store credit is not enabled for this store", createdAt: ago(1500) },
    { shopId, programId: newsletter.program.id, partnerId: newsletter.partners[0]!.id, milestone: 3, spec: newsletter.program.milestones[0]!.reward, status: "issued", code: "THANKS-7Q4M2KXD", externalId: "gid://shopify/DiscountCodeNode/2001", issuedAt: ago(900), createdAt: ago(900) },
    { shopId, programId: newsletter.program.id, partnerId: newsletter.partners[1]!.id, milestone: 3, spec: newsletter.program.milestones[0]!.reward, status: "issuing", error: "fetch failed", createdAt: ago(45) },
  ]);
}
