import { randomBytes } from "node:crypto";
import { and, asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { commissions, transactions } from "../../db/schema/index";
import { partnerBalances } from "../../domain/commissions/partner-balances";
import { registerPartnerCoupon } from "../../domain/coupons/register-partner-coupon";
import { createPartner } from "../../domain/partners/create-partner";
import { createProgram, type ProgramInput } from "../../domain/programs/create-program";
import { createShop } from "../../domain/shops/create-shop";
import { databaseKinds, openTestDatabase, type TestDatabase } from "../helpers/databases";
import {
  deliverStripe,
  stripeCheckoutSession,
  stripeCreditNote,
  stripeDiscount,
  stripeDispute,
  stripeInvoice2025,
  stripeInvoicePayment,
  stripePromotionCode,
  stripeRefundedCharge,
} from "../helpers/stripe-payloads";

// Payloads: Stripe's OpenAPI fixture objects in the API 2025-03-31+ shape (test/helpers/stripe-payloads.ts), signed,
// verified by the Stripe connector, stored and processed as the worker does.
const T = 1_900_000_000;

const program = (overrides: Partial<ProgramInput> = {}): ProgramInput => ({
  name: "SaaS partners", type: "affiliate", currency: "USD", cookieDays: 30, attribution: "last_click", holdDays: 0, payoutThreshold: 0,
  commission: { kind: "percentage", percentBasisPoints: 1000 }, ...overrides,
});

describe.each(databaseKinds)("Stripe money on %s", (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(kind);
  });
  afterAll(() => database?.destroy());

  async function shop(overrides: Partial<ProgramInput> = {}) {
    const created = await createShop(database.db, { domain: `stripe-${randomBytes(4).toString("hex")}.myshopify.com` });
    const { program: p } = await createProgram(database.db, created.id, program(overrides));
    const { partner } = await createPartner(database.db, created.id, { programId: p.id, email: "ava@example.com", key: "AVA", status: "active" });
    const deliver = (type: string, payload: Record<string, unknown>, at: number, previous?: Record<string, unknown>) =>
      deliverStripe(database.db, created.id, type, payload, at, previous);
    const sale = async (externalId: string) => {
      const [row] = await database.db.select().from(transactions).where(and(eq(transactions.shopId, created.id), eq(transactions.externalId, externalId)));
      return row;
    };
    const commissionRows = () =>
      database.db.select({ kind: commissions.kind, amount: commissions.amount, status: commissions.status }).from(commissions)
        .where(eq(commissions.shopId, created.id)).orderBy(asc(commissions.createdAt), asc(commissions.kind));
    const balance = async () => (await partnerBalances(database.db, created.id, partner.id))[0];
    return { shopId: created.id, program: p, partner, deliver, sale, commissionRows, balance };
  }

  const firstInvoice = (id: string, extra: Partial<Parameters<typeof stripeInvoice2025>[1]> = {}) =>
    stripeInvoice2025(id, { customer: "cus_1", subscription: "sub_1", reason: "subscription_create", subtotal: 10_000, tax: 2_000, paidAt: T, referral: "AVA", ...extra });

  it("trial: the $0 invoice is ignored and the first paid cycle invoice is the subscription's sale; the next one a renewal", async () => {
    const s = await shop(); // not recurring: renewals earn nothing, so only the sale pays
    expect(await s.deliver("invoice.paid", firstInvoice("in_trial", { subtotal: 0, tax: 0 }), T)).toBe("ignored");
    await s.deliver("invoice.paid", firstInvoice("in_cycle1", { reason: "subscription_cycle", paidAt: T + 14 * 86_400 }), T + 14 * 86_400);
    await s.deliver("invoice.paid", firstInvoice("in_cycle2", { reason: "subscription_cycle", paidAt: T + 44 * 86_400 }), T + 44 * 86_400);
    expect((await s.sale("in_cycle1"))).toMatchObject({ type: "sale", amount: 10_000, subscriptionExternalId: "sub_1" });
    expect((await s.sale("in_cycle2"))!.type).toBe("renewal");
    expect(await s.commissionRows()).toEqual([{ kind: "commission", amount: 1_000, status: "approved" }]);
    // a redelivery of the first paid invoice is the same sale, not a conflict
    expect(await s.deliver("invoice.paid", firstInvoice("in_cycle1", { reason: "subscription_cycle", paidAt: T + 14 * 86_400 }), T + 14 * 86_400 + 5)).toBe("processed");
  });

  it("the base is amount_paid less total_taxes when the customer balance paid part of the invoice", async () => {
    const s = await shop();
    await s.deliver("invoice.paid", firstInvoice("in_balance", { subtotal: 10_000, tax: 1_000, balanceApplied: 5_000 }), T);
    expect(await s.sale("in_balance")).toMatchObject({ amount: 5_000, paidAmount: 6_000 });
    expect(await s.commissionRows()).toEqual([{ kind: "commission", amount: 500, status: "approved" }]);
  });

  it("a refund naming the payment intent reverses the invoice's sale through invoice_payment.paid, net of tax, in any order", async () => {
    const events = [
      ["invoice.paid", firstInvoice("in_pi")],
      ["invoice_payment.paid", stripeInvoicePayment("in_pi", "pi_1", 12_000, T)],
      // half of the 120.00 paid (100.00 + 20.00 tax) is refunded: half the commission, 500, not 600
      ["charge.refunded", stripeRefundedCharge("pi_1", 12_000, 6_000), { amount_refunded: 0 }],
    ] as const;
    for (const order of [[0, 1, 2], [2, 1, 0], [1, 2, 0], [2, 0, 1]]) {
      const s = await shop();
      for (const [n, i] of order.entries()) await s.deliver(events[i]![0], events[i]![1], T + n, events[i]![2]);
      expect(await s.commissionRows(), `order ${order}`).toEqual([
        { kind: "commission", amount: 1_000, status: "approved" },
        { kind: "reversal", amount: 500, status: "reversed" },
      ]);
      const [refund] = await database.db.select().from(transactions).where(and(eq(transactions.shopId, s.shopId), eq(transactions.type, "refund")));
      expect(refund!.refundsExternalId).toBe("in_pi");
    }
  });

  it("a one-off Checkout with invoice creation is recorded once, from its invoice, credited by the session's referral", async () => {
    for (const checkoutFirst of [true, false]) {
      const s = await shop();
      const session = stripeCheckoutSession("cs_oneoff", {
        mode: "payment", payment_intent: "pi_oneoff", invoice: "in_oneoff", customer: "cus_oneoff", client_reference_id: "AVA",
        invoice_creation: { enabled: true, invoice_data: {} }, amount_total: 12_000, total_details: { amount_discount: 0, amount_shipping: 0, amount_tax: 2_000 },
        customer_details: { email: "oneoff@example.com", name: "One Off" }, created: T - 30,
      });
      const invoice = firstInvoice("in_oneoff", { customer: "cus_oneoff", subscription: undefined, reason: "manual", referral: undefined });
      const steps: [string, Record<string, unknown>][] = [["checkout.session.completed", session], ["invoice.paid", invoice]];
      for (const [type, payload] of checkoutFirst ? steps : steps.reverse()) await s.deliver(type, payload, T);
      const rows = await database.db.select().from(transactions).where(eq(transactions.shopId, s.shopId));
      expect(rows.map((row) => [row.externalId, row.type, row.amount, row.partnerId])).toEqual([["in_oneoff", "sale", 10_000, s.partner.id]]);
    }
  });

  it("credit notes after payment reverse: a balance credit by itself, a refund once with its charge.refunded", async () => {
    const s = await shop();
    await s.deliver("invoice.paid", firstInvoice("in_cn"), T);
    await s.deliver("invoice_payment.paid", stripeInvoicePayment("in_cn", "pi_cn", 12_000, T), T);
    await s.deliver("credit_note.created", stripeCreditNote("cn_credit", "in_cn", { credit: 3_000 }, T + 10), T + 10);
    expect(await s.deliver("credit_note.created", stripeCreditNote("cn_refund", "in_cn", { refund: 3_000 }, T + 20), T + 20)).toBe("ignored");
    await s.deliver("charge.refunded", stripeRefundedCharge("pi_cn", 12_000, 3_000), T + 20, { amount_refunded: 0 });
    expect(await s.commissionRows()).toEqual([
      { kind: "commission", amount: 1_000, status: "approved" },
      { kind: "reversal", amount: 250, status: "reversed" },
      { kind: "reversal", amount: 250, status: "reversed" },
    ]);
  });

  it("a dispute reverses the sale; won, it is restored; a later refund still reverses exactly its share", async () => {
    const s = await shop();
    await s.deliver("invoice.paid", firstInvoice("in_dp"), T);
    await s.deliver("invoice_payment.paid", stripeInvoicePayment("in_dp", "pi_dp", 12_000, T), T);
    await s.deliver("charge.dispute.created", stripeDispute("dp_1", "pi_dp", 12_000, "needs_response", T + 100), T + 100);
    expect(await s.commissionRows()).toEqual([
      { kind: "commission", amount: 1_000, status: "reversed" },
      { kind: "reversal", amount: 1_000, status: "reversed" },
    ]);
    expect(await s.balance()).toMatchObject({ approved: 1_000, reversed: 1_000, payable: 0 });
    await s.deliver("charge.dispute.closed", stripeDispute("dp_1", "pi_dp", 12_000, "won", T + 100), T + 200);
    expect(await s.balance()).toMatchObject({ approved: 1_000, reversed: 0, payable: 1_000 });
    expect((await s.commissionRows())[0]).toEqual({ kind: "commission", amount: 1_000, status: "approved" });
    await s.deliver("charge.refunded", stripeRefundedCharge("pi_dp", 12_000, 3_000), T + 300, { amount_refunded: 0 });
    expect(await s.balance()).toMatchObject({ reversed: 250, payable: 750 });
  });

  it("a lost dispute keeps its reversal", async () => {
    const s = await shop();
    await s.deliver("invoice.paid", firstInvoice("in_lost"), T);
    await s.deliver("invoice_payment.paid", stripeInvoicePayment("in_lost", "pi_lost", 12_000, T), T);
    await s.deliver("charge.dispute.created", stripeDispute("dp_lost", "pi_lost", 12_000, "needs_response", T + 100), T + 100);
    expect(await s.deliver("charge.dispute.closed", stripeDispute("dp_lost", "pi_lost", 12_000, "lost", T + 100), T + 200)).toBe("ignored");
    expect(await s.balance()).toMatchObject({ reversed: 1_000, payable: 0 });
  });

  it("promotion codes attribute by id: promo_ from promotion_code events, di_ through customer.discount events", async () => {
    const s = await shop();
    // The partner's code was registered by its text (POST /api/v1/coupons); Stripe names it only by id.
    await registerPartnerCoupon(database.db, s.shopId, { programId: s.program.id, partnerId: s.partner.id, code: "SPRING25" });
    await s.deliver("promotion_code.created", stripePromotionCode("promo_spring", "SPRING25"), T - 1_000);
    await s.deliver("customer.discount.created", stripeDiscount("di_spring", "promo_spring", "cus_promo"), T - 10);
    await s.deliver("invoice.paid", firstInvoice("in_promo", { customer: "cus_promo", referral: undefined, discounts: ["di_spring"] }), T);
    const session = stripeCheckoutSession("cs_promo", {
      mode: "payment", payment_intent: "pi_promo", customer: "cus_other", amount_total: 5_000, total_details: { amount_discount: 500, amount_shipping: 0, amount_tax: 0 },
      discounts: [{ coupon: null, promotion_code: "promo_spring" }], customer_details: { email: "other@example.com", name: null }, created: T,
    });
    await s.deliver("checkout.session.completed", session, T);
    expect((await s.sale("in_promo"))!.partnerId).toBe(s.partner.id);
    expect((await s.sale("pi_promo"))!.partnerId).toBe(s.partner.id);
  });

  it("reads ISK with Stripe's two decimals: 1 000 000 at Stripe is 10 000 kr", async () => {
    const s = await shop({ currency: "ISK" });
    await s.deliver("invoice.paid", firstInvoice("in_isk", { currency: "isk", subtotal: 1_000_000, tax: 240_000 }), T);
    expect(await s.sale("in_isk")).toMatchObject({ amount: 10_000, paidAmount: 12_400, currency: "ISK" });
    expect(await s.commissionRows()).toEqual([{ kind: "commission", amount: 1_000, status: "approved" }]);
  });

  it("a subscription Checkout binding and its first invoice in the same second credit the invoice in either order", async () => {
    for (const checkoutFirst of [true, false]) {
      const s = await shop();
      // The session completes after the invoice is paid, often in the same second; it was created before.
      const session = stripeCheckoutSession("cs_sub", {
        mode: "subscription", subscription: "sub_co", customer: "cus_co", client_reference_id: "AVA", payment_intent: null, invoice: "in_co",
        amount_total: 12_000, customer_details: { email: "co@example.com", name: "Co" }, created: T - 45,
      });
      const invoice = firstInvoice("in_co", { customer: "cus_co", subscription: "sub_co", referral: undefined, paidAt: T });
      const steps: [string, Record<string, unknown>][] = [["checkout.session.completed", session], ["invoice.paid", invoice]];
      // checkout.session.completed is created a second after the invoice was paid
      for (const [type, payload] of checkoutFirst ? steps : steps.reverse()) await s.deliver(type, payload, type === "invoice.paid" ? T : T + 1);
      expect((await s.sale("in_co"))!.partnerId, `checkout first: ${checkoutFirst}`).toBe(s.partner.id);
      expect(await s.commissionRows()).toEqual([{ kind: "commission", amount: 1_000, status: "approved" }]);
    }
  });
});
