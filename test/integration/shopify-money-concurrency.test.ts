import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { commissions, transactions } from "../../db/schema/index";
import { partnerBalances } from "../../domain/commissions/partner-balances";
import { applyEvent } from "../../domain/ingest/apply-event";
import { createPartner } from "../../domain/partners/create-partner";
import { createProgram } from "../../domain/programs/create-program";
import { createShop } from "../../domain/shops/create-shop";
import { openTestDatabase, type TestDatabase } from "../helpers/databases";
import { basicProgram } from "../helpers/domain-fixture";
import { orderId } from "../helpers/ingest-fixtures";
import { moneySet, shopifyEvents, shopifyOrder, shopifyRefund, type Json } from "../helpers/shopify-payloads";

// The money-concurrency pattern (test/integration/money-concurrency.test.ts) for the Shopify orderings of issue 17:
// PGlite runs one transaction at a time and would hide these races, so they run on PostgreSQL, each delivery on its
// own pooled connection, started together, 50 times, each compared with the state in-order delivery reaches.
const RUNS = 50;

describe("Shopify orderings under concurrency on PostgreSQL", () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase("postgres");
  });
  afterAll(() => database.destroy());

  let shops = 0;
  async function setup() {
    const shop = await createShop(database.db, { domain: `shopify-race-${++shops}.myshopify.com` });
    const { program } = await createProgram(database.db, shop.id, { ...basicProgram, holdDays: 0 });
    const { partner } = await createPartner(database.db, shop.id, { programId: program.id, email: "ava@example.com", key: "AVA", status: "active" });
    const deliver = (topic: string, payload: Json) => async () => {
      const events = shopifyEvents(topic, payload);
      if (!Array.isArray(events)) throw new Error(events.ignored);
      await database.db.transaction(async (tx) => {
        for (const event of events) await applyEvent(tx, shop.id, "shopify", event);
      });
    };
    const endState = async () => {
      const reversals = await database.db.select({ amount: commissions.amount }).from(commissions).where(and(eq(commissions.shopId, shop.id), eq(commissions.kind, "reversal")));
      const refunds = await database.db
        .select({ externalId: transactions.externalId, linked: transactions.refundsTransactionId })
        .from(transactions)
        .where(and(eq(transactions.shopId, shop.id), eq(transactions.type, "refund")));
      return {
        balance: (await partnerBalances(database.db, shop.id, partner.id))[0],
        reversed: reversals.reduce((sum, r) => sum + r.amount, 0),
        // A refund landing after the cancellation took the rest records its own amount and reverses nothing more (as
        // with an order already there), so refund amounts depend on arrival; the money and the links must not.
        refunds: refunds.map((r) => ({ externalId: r.externalId, linked: r.linked !== null })).sort((a, b) => a.externalId.localeCompare(b.externalId)),
      };
    };
    return { deliver, endState };
  }

  async function expectEveryRunToMatchSequential(operations: (s: Awaited<ReturnType<typeof setup>>) => (() => Promise<unknown>)[]) {
    const sequential = await setup();
    for (const operation of operations(sequential)) await operation();
    const expected = await sequential.endState();
    for (let run = 0; run < RUNS; run++) {
      const parallel = await setup();
      await Promise.all(operations(parallel).map((operation) => operation()));
      expect(await parallel.endState(), `run ${run}`).toEqual(expected);
    }
    return expected;
  }

  // orders/paid, orders/cancelled and refunds/create samples (shared/fixtures/shopify, 2026-04), for one order of 100.00.
  const paid = () => {
    const order = shopifyOrder(1, { ref: "AVA", subtotal: "100.00" });
    order.line_items = [{ ...order.line_items[0], price: "100.00", price_set: moneySet("100.00") }];
    return order;
  };
  const cancelled = () => ({ ...shopifyOrder(1), cancelled_at: "2030-01-02T10:00:00-05:00" });

  it("an order and its cancellation at once: the order is reversed exactly once, whichever lands first", async () => {
    const expected = await expectEveryRunToMatchSequential((s) => [s.deliver("orders/cancelled", cancelled()), s.deliver("orders/paid", paid())]);
    expect(expected).toMatchObject({ balance: { approved: 1_000, reversed: 1_000, payable: 0 }, reversed: 1_000, refunds: [{ externalId: `cancel:${orderId(1)}`, linked: true }] });
  });

  it("an order, a partial refund and the cancellation at once reverse the order once in all", async () => {
    const expected = await expectEveryRunToMatchSequential((s) => [
      s.deliver("refunds/create", shopifyRefund(1, 1, "40.00")),
      s.deliver("orders/cancelled", cancelled()),
      s.deliver("orders/paid", paid()),
    ]);
    expect(expected).toMatchObject({ balance: { approved: 1_000, reversed: 1_000, payable: 0 }, reversed: 1_000 });
  });
});
