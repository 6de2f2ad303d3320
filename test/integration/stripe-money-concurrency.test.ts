import { randomBytes } from "node:crypto";
import { asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { commissions, transactions } from "../../db/schema/index";
import { createPartner } from "../../domain/partners/create-partner";
import { createProgram } from "../../domain/programs/create-program";
import { createShop } from "../../domain/shops/create-shop";
import { openTestDatabase, type TestDatabase } from "../helpers/databases";
import { basicProgram } from "../helpers/domain-fixture";
import { deliverStripe, stripeCheckoutSession, stripeInvoice2025, stripeInvoicePayment, stripeRefundedCharge } from "../helpers/stripe-payloads";

// As money-concurrency.test.ts: on the PostgreSQL server, each delivery processed in its own transaction on its own
// pooled connection, all started together; every run must end where the sequential run ends. Payloads are Stripe's
// fixture objects in the API 2025-03-31+ shape (test/helpers/stripe-payloads.ts).
const RUNS = 25;
const T = 1_900_000_000;

type Delivery = [type: string, payload: Record<string, unknown>, at: number, previous?: Record<string, unknown>];

describe("Stripe deliveries racing on PostgreSQL", () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase("postgres");
  });
  afterAll(() => database.destroy());

  async function shop() {
    const created = await createShop(database.db, { domain: `stripe-race-${randomBytes(4).toString("hex")}.myshopify.com` });
    const { program } = await createProgram(database.db, created.id, { ...basicProgram, holdDays: 0 });
    await createPartner(database.db, created.id, { programId: program.id, email: "ava@example.com", key: "AVA", status: "active" });
    return created.id;
  }

  const endState = async (shopId: string) => ({
    transactions: (await database.db.select().from(transactions).where(eq(transactions.shopId, shopId)).orderBy(asc(transactions.externalId)))
      .map((row) => [row.externalId, row.type, row.amount, row.refundsExternalId, row.partnerId !== null]),
    commissions: (await database.db.select().from(commissions).where(eq(commissions.shopId, shopId)).orderBy(asc(commissions.kind), asc(commissions.amount)))
      .map((row) => [row.kind, row.amount, row.status]),
  });

  async function expectEveryRunToMatchSequential(deliveries: Delivery[]) {
    const sequential = await shop();
    for (const [type, payload, at, previous] of deliveries) await deliverStripe(database.db, sequential, type, payload, at, previous);
    const expected = await endState(sequential);
    for (let run = 0; run < RUNS; run++) {
      const parallel = await shop();
      await Promise.all(deliveries.map(([type, payload, at, previous]) => deliverStripe(database.db, parallel, type, payload, at, previous)));
      expect(await endState(parallel), `run ${run}`).toEqual(expected);
    }
    return expected;
  }

  it("a subscription Checkout binding and its first invoice, delivered at once, credit the invoice", async () => {
    const session = stripeCheckoutSession("cs_race", {
      mode: "subscription", subscription: "sub_race", customer: "cus_race", client_reference_id: "AVA", payment_intent: null,
      amount_total: 12_000, customer_details: { email: "race@example.com", name: "Race" }, created: T - 45,
    });
    const invoice = stripeInvoice2025("in_race", { customer: "cus_race", subscription: "sub_race", reason: "subscription_create", subtotal: 10_000, tax: 2_000, paidAt: T });
    const expected = await expectEveryRunToMatchSequential([["invoice.paid", invoice, T], ["checkout.session.completed", session, T + 1]]);
    expect(expected).toEqual({ transactions: [["in_race", "sale", 10_000, null, true]], commissions: [["commission", 1_000, "approved"]] });
  });

  it("an invoice, its invoice payment and a refund naming the payment intent, delivered at once, reverse once, net of tax", async () => {
    const invoice = stripeInvoice2025("in_refund", { customer: "cus_refund", subscription: "sub_refund", reason: "subscription_create", subtotal: 10_000, tax: 2_000, paidAt: T, referral: "AVA" });
    const expected = await expectEveryRunToMatchSequential([
      ["invoice.paid", invoice, T],
      ["invoice_payment.paid", stripeInvoicePayment("in_refund", "pi_refund", 12_000, T), T],
      ["charge.refunded", stripeRefundedCharge("pi_refund", 12_000, 6_000), T + 60, { amount_refunded: 0 }],
    ]);
    expect(expected.commissions).toEqual([["commission", 1_000, "approved"], ["reversal", 500, "reversed"]]);
    expect(expected.transactions).toContainEqual(["ch_pi_refund:6000", "refund", 6_000, "in_refund", true]);
  });
});
