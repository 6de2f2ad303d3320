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

  // An order and its edits (orders/updated, a newer updated_at each) delivered at once: versions may apply in any
  // order, so rows differ (an edit first records the edited order as the sale), but the order's amount and the
  // partner's net commission must be those of the newest version.
  const version = (updatedAt: string, prices: string[]) => {
    const order = shopifyOrder(1, { ref: "AVA" });
    const total = prices.reduce((sum, p) => sum + Math.round(Number(p) * 100), 0);
    order.updated_at = updatedAt;
    order.current_subtotal_price_set = moneySet((total / 100).toFixed(2));
    order.line_items = prices.map((price, i) => ({ ...order.line_items[i], price, price_set: moneySet(price) }));
    return order;
  };
  async function netState(shopId: string, partnerId: string) {
    const rows = await database.db.select().from(transactions).where(eq(transactions.shopId, shopId));
    const sale = rows.find((t) => t.externalId === orderId(1))!;
    const edited = rows.filter((t) => t.externalId.startsWith("edit:")).reduce((sum, t) => sum + (t.type === "refund" ? -t.amount : t.amount), sale.amount);
    const balance = (await partnerBalances(database.db, shopId, partnerId))[0]!;
    return { edited, net: balance.approved - balance.reversed, pending: balance.pending };
  }

  it("an order, an edit adding a line and an edit removing it, at once, end on the newest version", async () => {
    let shop = 0;
    const run = async (parallel: boolean) => {
      const domain = `shopify-edit-${parallel ? "p" : "s"}-${++shop}.myshopify.com`;
      const created = await createShop(database.db, { domain });
      const { program } = await createProgram(database.db, created.id, { ...basicProgram, holdDays: 0 });
      const { partner } = await createPartner(database.db, created.id, { programId: program.id, email: "ava@example.com", key: "AVA", status: "active" });
      const deliver = (topic: string, payload: Json) => async () => {
        const events = shopifyEvents(topic, payload) as Parameters<typeof applyEvent>[3][];
        await database.db.transaction(async (tx) => {
          for (const event of events) await applyEvent(tx, created.id, "shopify", event);
        });
      };
      const operations = [
        deliver("orders/paid", version("2030-01-01T10:00:00-05:00", ["100.00"])),
        deliver("orders/updated", version("2030-01-01T11:00:00-05:00", ["100.00", "50.00"])),
        deliver("orders/updated", version("2030-01-01T12:00:00-05:00", ["100.00", "20.00"])),
      ];
      if (parallel) await Promise.all(operations.map((operation) => operation()));
      else for (const operation of operations) await operation();
      return netState(created.id, partner.id);
    };
    const expected = await run(false);
    expect(expected).toEqual({ edited: 12_000, net: 1_200, pending: 0 });
    for (let i = 0; i < RUNS; i++) expect(await run(true), `run ${i}`).toEqual(expected);
  });
});
