import type { SecretBox } from "../access/secret-box";
import { randomBytes } from "node:crypto";
import type { Database } from "../../db/client";
import { createProviderConnection } from "../access/create-provider-connection";
import { approveCommission, approveDueCommissions, rejectCommission } from "../commissions/review-commission";
import { trackCustomer } from "../customers/track-customer";
import { storeInboundEvent } from "../ingest/store-inbound-event";
import { submitLead } from "../leads/submit-lead";
import { recordClick } from "../links/record-click";
import { payPartner } from "../payouts/pay-partner";
import { recordTransaction } from "../transactions/record-transaction";
import { createWebhookEndpoint } from "../webhooks/save-webhook-endpoint";
import type { Commission, Customer, Partner, Program } from "../../db/schema/rows";

const DAY = 86_400_000;
export const DEMO_DAYS = 90;

/** Deterministic pseudo-random numbers (mulberry32), so every demo looks the same. */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const firstNames = ["Liam", "Emma", "Olivia", "Mason", "Sophia", "Lucas", "Mia", "Ethan", "Isla", "Leo", "Zoe", "Jack"];
const lastNames = ["Smith", "Garcia", "Chen", "Müller", "Rossi", "Dubois", "Kowalski", "Silva", "Kim", "Novak"];

export type ActivityCounts = { clicks: number; customers: number; orders: number; refunds: number; leads: number };

/**
 * 90 days of activity for the demo, made through the real use-cases: clicks on partner links, customers signing up
 * through them, orders (some with a partner coupon, some unattributed), partial and full refunds, leads, the
 * approval job, manual approvals and rejections and one paid payout. Volume grows over the period, like a program
 * that is taking off.
 */
export async function seedActivity(db: Database, secrets: SecretBox, program: Program, partners: Array<{ partner: Partner; coupon: string }>, now: Date): Promise<ActivityCounts> {
  const clickKey = secrets.derive("click fingerprints");
  const rand = random(20_261_201);
  const pick = <T>(items: T[]): T => items[Math.floor(rand() * items.length)]!;
  const counts: ActivityCounts = { clicks: 0, customers: 0, orders: 0, refunds: 0, leads: 0 };
  const start = now.getTime() - DEMO_DAYS * DAY;
  const weights = partners.map((_, i) => 1 / (i + 1));
  const weighted = () => {
    let r = rand() * weights.reduce((a, b) => a + b, 0);
    for (const [i, w] of weights.entries()) if ((r -= w) <= 0) return partners[i]!;
    return partners[0]!;
  };
  const sales: Array<{ key: string; amount: number; day: number }> = [];
  const customersSoFar: Customer[] = [];

  for (let day = 0; day < DEMO_DAYS; day += 1) {
    const dayStart = start + day * DAY;
    const at = (hour: number) => new Date(dayStart + hour * 3_600_000 + Math.floor(rand() * 3_600_000));
    const growth = 1 + day / 45;
    const clicksToday = Math.round((0.3 + rand() * 0.8) * growth);
    for (let c = 0; c < clicksToday; c += 1) {
      const { partner } = weighted();
      const click = await recordClick(db, program.shopId, {
        referralKey: partner.key,
        url: `https://affiliate-hub-demo.myshopify.com/products/linen-shirt?ref=${partner.key}`,
        visitorId: `v-${day}-${c}`,
        at: at(8 + (c % 12)),
        ip: `203.0.113.${c}`,
        userAgent: "Mozilla/5.0",
      }, clickKey);
      counts.clicks += 1;
      if (rand() < 0.5) {
        const name = `${pick(firstNames)} ${pick(lastNames)}`;
        const key = `demo-customer-${day}-${c}`;
        const { customer } = await trackCustomer(db, program, {
          key,
          email: `${key}@example.com`,
          name,
          clickId: click.id,
          at: new Date(click.clickedAt.getTime() + 600_000),
        });
        counts.customers += 1;
        customersSoFar.push(customer);
      }
    }
    const ordersToday = Math.round((0.15 + rand() * 0.45) * growth);
    for (let o = 0; o < ordersToday && customersSoFar.length > 0; o += 1) {
      const coupon = rand() < 0.2;
      const buyer = coupon ? null : pick(customersSoFar.slice(-40));
      const customerKey = buyer?.key ?? `demo-buyer-${day}-${o}`;
      const couponOwner = weighted();
      const customer =
        buyer ?? (await trackCustomer(db, program, { key: customerKey, email: `${customerKey}@example.com`, couponCode: couponOwner.coupon, at: at(20) })).customer;
      if (!buyer) counts.customers += 1;
      const amount = Math.round(2_500 + rand() * 22_000);
      const key = `#${1001 + counts.orders}`;
      await recordTransaction(db, program, customer, {
        provider: "shopify",
        externalId: key,
        type: "sale",
        amount,
        currency: program.currency,
        couponCode: buyer ? null : couponOwner.coupon,
        occurredAt: at(21),
      });
      sales.push({ key, amount, day });
      counts.orders += 1;
    }
  }
  // A few orders nobody referred, so the evidence view shows why nothing was credited.
  for (let i = 0; i < 4; i += 1) {
    const key = `demo-walk-in-${i}`;
    const { customer } = await trackCustomer(db, program, { key, email: `${key}@example.com`, at: new Date(now.getTime() - (i + 2) * DAY) });
    await recordTransaction(db, program, customer, {
      provider: "shopify",
      externalId: `#W${i + 1}`,
      type: "sale",
      amount: 4_900 + i * 1_000,
      currency: program.currency,
      occurredAt: new Date(now.getTime() - (i + 2) * DAY + 3_600_000),
    });
    counts.customers += 1;
  }
  for (const [i, sale] of sales.entries()) {
    if (i % 7 !== 3) continue;
    const full = i % 14 === 3;
    await recordTransaction(db, program, null, {
      provider: "shopify",
      externalId: `${sale.key}-refund`,
      type: "refund",
      amount: full ? sale.amount : Math.round(sale.amount / 3),
      currency: program.currency,
      refundsExternalId: sale.key,
      occurredAt: new Date(start + (sale.day + 3) * DAY),
    });
    counts.refunds += 1;
  }
  return { ...counts, ...(await reviewAndPay(db, secrets, program, partners, now)) };
}

async function reviewAndPay(db: Database, secrets: SecretBox, program: Program, partners: Array<{ partner: Partner }>, now: Date): Promise<{ leads: number }> {
  // What the approval job would have done over the period, then a payout to the top partner 5 days ago.
  const payday = new Date(now.getTime() - 5 * DAY);
  await approveDueCommissions(db, payday);
  await payPartner(db, program.shopId, partners[0]!.partner.id, program.currency, payday);
  await approveDueCommissions(db, now);
  const pending = await db.query.commissions.findMany({
    where: (c, { and, eq }) => and(eq(c.shopId, program.shopId), eq(c.status, "pending"), eq(c.kind, "commission")),
    orderBy: (c, { asc }) => asc(c.createdAt),
    limit: 6,
  });
  const reviewed: Commission[] = [];
  for (const [i, commission] of pending.entries()) {
    if (i < 2) reviewed.push(await approveCommission(db, program.shopId, commission.id, now));
    else if (i === 2) reviewed.push(await rejectCommission(db, program.shopId, commission.id, now));
  }
  let leads = 0;
  for (const [i, name] of ["Harper Lee", "Milo Park", "Nora Quinn"].entries()) {
    await submitLead(db, program.shopId, {
      programId: program.id,
      partnerKey: partners[i % partners.length]!.partner.key,
      email: `${name.toLowerCase().replace(" ", ".")}@example.com`,
      name,
    });
    leads += 1;
  }
  await createProviderConnection(db, secrets, { shopId: program.shopId, provider: "stripe", name: "Stripe (demo)", secret: `whsec_${randomBytes(18).toString("hex")}` });
  // After the activity, so the seed emits nothing to it: its deliveries are the ones the merchant triggers.
  await createWebhookEndpoint(db, secrets, program.shopId, { url: "https://crm.example.com/hooks/affiliate-hub", events: ["partner.approved", "commission.approved", "payout.paid"] });
  await storeInboundEvent(db, {
    shopId: program.shopId,
    provider: "shopify",
    dedupeScope: `shop:affiliate-hub-demo.myshopify.com`,
    externalId: "demo-event-1",
    topic: "orders/paid",
    payload: { id: 1, demo: true },
    ignoredReason: "demo: an example of an event that needed no processing",
  });
  // A generic connection with no mapping yet and one payload to try a mapping on in the admin.
  const crm = await createProviderConnection(db, secrets, { shopId: program.shopId, provider: "generic", name: "CRM (demo)", secret: `whsec_${randomBytes(18).toString("base64")}` });
  await storeInboundEvent(db, {
    shopId: program.shopId,
    provider: "generic",
    connectionId: crm.id,
    dedupeScope: `connection:${crm.id}`,
    externalId: "demo-crm-1",
    topic: "webhook",
    payload: { id: "demo-crm-1", type: "deal.won", deal: { id: "D-1001", amount: "249.00", currency: "USD" }, contact: { email: "olivia.demo@example.com", name: "Olivia Demo" }, ref: "AVA" },
    ignoredReason: "no mapping is set for this connection (PATCH /api/v1/connections/:id)",
  });
  return { leads };
}
