import { parseJsonKeepingBigIds } from "../../connectors/shopify/parse-json";
import type { Database } from "../../db/client";
import { inboundEvents } from "../../db/schema/index";
import { registerPartnerCoupon } from "../../domain/coupons/register-partner-coupon";
import { createPartner } from "../../domain/partners/create-partner";
import { createProgram } from "../../domain/programs/create-program";
import { createShop } from "../../domain/shops/create-shop";
import { orderId, shopifyOrderBody } from "../../test/helpers/ingest-fixtures";

export const DRAIN_SHOP = "bench-drain.myshopify.com";
const COMMISSION_BASIS_POINTS = 1_000;
const REPEAT_CUSTOMERS = 50;

/** The shop the benchmarks feed: one 10% affiliate program, partner AVA (referral key) and NOAH (coupon NOAH10). */
export async function seedDrainShop(db: Database): Promise<string> {
  const shop = await createShop(db, { domain: DRAIN_SHOP });
  const { program } = await createProgram(db, shop.id, {
    name: "Affiliates", type: "affiliate", currency: "USD", cookieDays: 30, attribution: "last_click", holdDays: 0, payoutThreshold: 0,
    commission: { kind: "percentage", percentBasisPoints: COMMISSION_BASIS_POINTS },
  });
  await createPartner(db, shop.id, { programId: program.id, email: "ava@example.com", key: "AVA", status: "active" });
  const { partner: noah } = await createPartner(db, shop.id, { programId: program.id, email: "noah@example.com", key: "NOAH", status: "active" });
  await registerPartnerCoupon(db, shop.id, { programId: program.id, partnerId: noah.id, code: "NOAH10" });
  return shop.id;
}

export interface MixedOrder {
  n: number;
  body: string;
  /** The commission the order must earn, in cents; null when it is not attributed. */
  commission: number | null;
}

/**
 * Order n of the mix, a quarter each: referral key in the note attributes (new customer); coupon NOAH10 (one of 50
 * repeat customers); no evidence (new customer); referral key (one of 50 other repeat customers). Subtotals vary.
 */
export function mixedOrder(n: number): MixedOrder {
  const cents = 10_000 + (n % 997);
  const subtotal = (cents / 100).toFixed(2);
  const commission = Math.floor((cents * COMMISSION_BASIS_POINTS + 5_000) / 10_000);
  const repeat = (base: number) => ({ customer: base + (n % REPEAT_CUSTOMERS), email: `repeat${base + (n % REPEAT_CUSTOMERS)}@example.com` });
  switch (n % 4) {
    case 0:
      return { n, body: shopifyOrderBody(n, { ref: "AVA", subtotal }), commission };
    case 1:
      return { n, body: shopifyOrderBody(n, { code: "NOAH10", subtotal, ...repeat(1_000_000) }), commission };
    case 2:
      return { n, body: shopifyOrderBody(n, { subtotal }), commission: null };
    default:
      return { n, body: shopifyOrderBody(n, { ref: "AVA", subtotal, ...repeat(2_000_000) }), commission };
  }
}

export const eventIdOf = (run: string, n: number) => `drain-${run}-${n}`;

/** Stores orders/paid deliveries for orders [from, to) as the webhook route does (payload parsed keeping big ids); returns their row ids. */
export async function storeOrderEvents(db: Database, shopId: string, run: string, from: number, to: number): Promise<string[]> {
  const ids: string[] = [];
  for (let start = from; start < to; start += 250) {
    const rows = [];
    for (let n = start; n < Math.min(to, start + 250); n++) {
      rows.push({ shopId, provider: "shopify" as const, dedupeScope: `shop:${DRAIN_SHOP}`, externalId: eventIdOf(run, n), topic: "orders/paid", payload: parseJsonKeepingBigIds(mixedOrder(n).body) });
    }
    const inserted = await db.insert(inboundEvents).values(rows).returning({ id: inboundEvents.id });
    ids.push(...inserted.map((row) => row.id));
  }
  return ids;
}

export { orderId };
