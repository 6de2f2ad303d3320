import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { attributionText } from "../../app/components/attribution-text";
import { commissions, customers, transactions } from "../../db/schema/index";
import { partnerBalances } from "../../domain/commissions/partner-balances";
import { applyEvent } from "../../domain/ingest/apply-event";
import { createPartner } from "../../domain/partners/create-partner";
import { partnerActivity } from "../../domain/partners/partner-activity";
import { createProgram, type ProgramInput } from "../../domain/programs/create-program";
import { createShop } from "../../domain/shops/create-shop";
import { databaseKinds, openTestDatabase, type TestDatabase } from "../helpers/databases";
import { basicProgram } from "../helpers/domain-fixture";
import { orderId } from "../helpers/ingest-fixtures";
import { moneySet, shopifyEvents, shopifyOrder, shopifyRefund, type Json } from "../helpers/shopify-payloads";

// Issue 17, "## Shopify": each case is Shopify's published orders/paid, refunds/create or orders/cancelled sample
// (shared/fixtures/shopify, 2026-04), adjusted only where the case needs it, through the real connector and use-cases.
describe.each(databaseKinds)("Shopify money on real payload shapes, on %s", (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(kind);
  });
  afterAll(() => database.destroy());

  let shops = 0;
  async function store(program: Partial<ProgramInput> = {}) {
    const shop = await createShop(database.db, { domain: `shopify-money-${++shops}.myshopify.com` });
    const created = await createProgram(database.db, shop.id, { ...basicProgram, holdDays: 0, ...program });
    const { partner } = await createPartner(database.db, shop.id, { programId: created.program.id, email: "ava@example.com", key: "AVA", status: "active" });
    const deliver = async (topic: string, payload: Json) => {
      const events = shopifyEvents(topic, payload);
      if (!Array.isArray(events)) return [events.ignored];
      return database.db.transaction(async (tx) => Promise.all(events.map((event) => applyEvent(tx, shop.id, "shopify", event))));
    };
    const saleOf = async (n: number) => {
      const [sale] = await database.db.select().from(transactions).where(and(eq(transactions.shopId, shop.id), eq(transactions.externalId, orderId(n))));
      const rows = sale ? await database.db.select().from(commissions).where(eq(commissions.transactionId, sale.id)) : [];
      return { sale, earned: rows };
    };
    const balance = async () => (await partnerBalances(database.db, shop.id, partner.id))[0];
    return { shop, partner, program: created.program, deliver, saleOf, balance };
  }
  const referred = (n: number, changes: Json = {}) => Object.assign(shopifyOrder(n, { ref: "AVA" }), changes);
  const oneLine = (payload: Json, price: string, changes: Json = {}) => {
    payload.line_items = [{ ...payload.line_items[0], price, price_set: moneySet(price), ...changes }];
    return payload;
  };

  it("a gift card bought earns nothing; the order that spends it earns on its merchandise once", async () => {
    const s = await store();
    const cardOnly = oneLine(referred(1, { current_subtotal_price_set: moneySet("50.00") }), "50.00", { gift_card: true, title: "Gift card" });
    await s.deliver("orders/paid", cardOnly);
    expect((await s.saleOf(1)).sale).toMatchObject({ amount: 0, partnerId: s.partner.id });
    expect((await s.saleOf(1)).earned).toEqual([]);

    const mixed = referred(2);
    mixed.line_items[0].gift_card = true; // 89.99 of the sample's 414.95 is a gift card
    await s.deliver("orders/paid", mixed);
    expect((await s.saleOf(2)).earned.map((c) => c.amount)).toEqual([3_250]); // 10 % of 324.96, half up

    const spends = referred(3, { payment_gateway_names: ["gift_card"], current_subtotal_price_set: moneySet("50.00") });
    await s.deliver("orders/paid", oneLine(spends, "50.00"));
    expect((await s.saleOf(3)).earned.map((c) => c.amount)).toEqual([500]);
  });

  it("a tax-inclusive order earns on its price without VAT, unless the program includes tax", async () => {
    const vatOrder = (n: number) =>
      oneLine(referred(n, { taxes_included: true, current_subtotal_price_set: moneySet("120.00"), current_total_tax_set: moneySet("20.00") }), "120.00", {
        tax_lines: [{ price: "20.00", rate: 0.2, title: "VAT", price_set: moneySet("20.00") }],
      });
    const off = await store();
    await off.deliver("orders/paid", vatOrder(4));
    expect((await off.saleOf(4)).earned.map((c) => c.amount)).toEqual([1_000]);
    const on = await store({ includeTax: true });
    await on.deliver("orders/paid", vatOrder(5));
    expect((await on.saleOf(5)).earned.map((c) => c.amount)).toEqual([1_200]);
  });

  it("a test order earns nothing and binds nobody, but shows whom it would credit", async () => {
    const s = await store();
    await s.deliver("refunds/create", shopifyRefund(6, 1, "10.00")); // before its order: linked when it lands
    await s.deliver("orders/paid", referred(6, { test: true }));
    const { sale, earned } = await s.saleOf(6);
    expect(earned).toEqual([]);
    expect(sale).toMatchObject({ partnerId: null, attribution: { attributed: false, reason: "test_order", partnerId: s.partner.id, evidence: "referral_key" } });
    expect(attributionText(sale!.attribution)).toMatch(/^Test order: would credit AVA \(.*referral key.*\); test orders earn nothing$/);
    expect((await partnerActivity(database.db, s.shop.id, s.partner.id)).orders.map((o) => o.id)).toEqual([sale!.id]);
    const [buyer] = await database.db.select().from(customers).where(eq(customers.id, sale!.customerId!));
    expect(buyer!.referrerPartnerId).toBeNull();
    expect(await s.balance()).toBeUndefined();
    const [refund] = await database.db.select().from(transactions).where(and(eq(transactions.shopId, s.shop.id), eq(transactions.type, "refund")));
    expect(refund!.refundsTransactionId).toBe(sale!.id);
  });

  it("an amount refunded by hand (refund_discrepancy, no refund lines) reverses its share", async () => {
    const s = await store();
    await s.deliver("orders/paid", oneLine(referred(7, { current_subtotal_price_set: moneySet("100.00") }), "100.00"));
    const manual = shopifyRefund(7, 1, "0.00");
    manual.refund_line_items = [];
    manual.order_adjustments = [{ amount: "-25.00", amount_set: moneySet("-25.00"), tax_amount: "0.00", kind: "refund_discrepancy", reason: "Refund discrepancy" }];
    await s.deliver("refunds/create", manual);
    expect(await s.balance()).toMatchObject({ approved: 1_000, reversed: 250, payable: 750 });
    await s.deliver("refunds/create", manual); // redelivered
    expect(await s.balance()).toMatchObject({ reversed: 250 });
  });

  it("a cancellation that arrives before its order is held, and reverses what its refunds left once the order lands", async () => {
    const s = await store();
    const cancelled = { ...shopifyOrder(8), admin_graphql_api_id: `gid://shopify/Order/${orderId(8)}`, cancelled_at: "2030-01-02T10:00:00-05:00" };
    expect(await s.deliver("orders/cancelled", cancelled)).toEqual([undefined]); // held, as an early refund is
    expect(await s.deliver("orders/cancelled", cancelled)).toEqual([undefined]); // held, as an early refund is
    await s.deliver("refunds/create", shopifyRefund(8, 1, "30.00"));
    await s.deliver("orders/paid", oneLine(referred(8, { current_subtotal_price_set: moneySet("100.00") }), "100.00"));
    const reversals = await database.db.select().from(commissions).where(and(eq(commissions.shopId, s.shop.id), eq(commissions.kind, "reversal")));
    expect(reversals.map((r) => r.amount).sort()).toEqual([300, 700]);
    expect(await s.balance()).toMatchObject({ approved: 1_000, reversed: 1_000, payable: 0 });
    expect(await s.deliver("orders/cancelled", cancelled)).toEqual(["the order was already refunded in full"]);
    const [parked] = await database.db.select().from(transactions).where(and(eq(transactions.shopId, s.shop.id), eq(transactions.externalId, `cancel:${orderId(8)}`)));
    expect(parked).toMatchObject({ amount: 7_000, refundsTransactionId: (await s.saleOf(8)).sale!.id });
  });

  it("a zero-total order (a free replacement) pays no fixed per-order commission", async () => {
    const s = await store({ commission: { kind: "fixed", amount: 500, per: "order" } });
    const free = oneLine(referred(9, { current_subtotal_price_set: moneySet("0.00"), total_discounts_set: moneySet("40.00") }), "40.00", {
      discount_allocations: [{ amount: "40.00", amount_set: moneySet("40.00") }],
    });
    await s.deliver("orders/paid", free);
    expect((await s.saleOf(9)).earned).toEqual([]);
    await s.deliver("orders/paid", oneLine(referred(10, { current_subtotal_price_set: moneySet("40.00") }), "40.00"));
    expect((await s.saleOf(10)).earned.map((c) => c.amount)).toEqual([500]);
  });

  it("a renewal billed by a subscription app earns at the recurring rate though its source_name is new", async () => {
    const s = await store({ recurring: { percentBasisPoints: 500, maxPayments: 12 } });
    const plan = (payload: Json) => ({ ...payload, line_items: payload.line_items.map((l: Json) => ({ ...l, selling_plan_id: 691847168348 })) });
    await s.deliver("orders/paid", plan(referred(11, { checkout_token: "bd5a8aa1ecd019dd3520ff791ee3a24c" })));
    const first = shopifyOrder(12, { customer: 11 });
    await s.deliver("orders/paid", plan({ ...first, checkout_token: null, source_name: "shopify_subscriptions_v2" }));
    expect((await s.saleOf(11)).sale).toMatchObject({ type: "sale" });
    expect((await s.saleOf(12)).sale).toMatchObject({ type: "renewal", partnerId: s.partner.id });
    expect((await s.saleOf(12)).earned.map((c) => c.amount)).toEqual([2_075]); // 5 % of 414.95, half up
  });

  describe("order edits (orders/updated; orders/paid again)", () => {
    // Versions of the sample order: its subtotal and line items as an edit leaves them, updated_at the version.
    const version = (n: number, updatedAt: string, prices: string[], changes: Json = {}) => {
      const order = referred(n, { updated_at: updatedAt, ...changes });
      const total = prices.reduce((sum, p) => sum + Math.round(Number(p) * 100), 0);
      order.current_subtotal_price_set = moneySet((total / 100).toFixed(2));
      order.line_items = prices.map((price, i) => ({ ...order.line_items[i], price, price_set: moneySet(price), current_quantity: 1 }));
      return order;
    };
    const edits = async (shopId: string) =>
      (await database.db.select().from(transactions).where(eq(transactions.shopId, shopId)))
        .filter((t) => t.externalId.startsWith("edit:"))
        .map((t) => [t.externalId.replace(/^edit:\d+:/, "edit:"), t.type, t.amount])
        .sort((a, b) => String(a[0]).localeCompare(String(b[0])));

    it("added lines earn, removed lines reverse, once per version, whatever order the versions arrive in", async () => {
      const s = await store();
      await s.deliver("orders/paid", version(20, "2030-01-01T10:00:00-05:00", ["100.00"]));
      const added = version(20, "2030-01-01T11:00:00-05:00", ["100.00", "50.00"]);
      await s.deliver("orders/updated", added);
      await s.deliver("orders/updated", added); // redelivered
      expect(await edits(s.shop.id)).toEqual([["edit:1", "adjustment", 5_000]]);
      expect(await s.balance()).toMatchObject({ approved: 1_500, reversed: 0, payable: 1_500 });

      await s.deliver("orders/updated", version(20, "2030-01-01T12:00:00-05:00", ["100.00"]));
      await s.deliver("orders/updated", added); // an older version, late
      await s.deliver("orders/paid", version(20, "2030-01-01T10:00:00-05:00", ["100.00"])); // the first one again
      expect(await edits(s.shop.id)).toEqual([["edit:1", "adjustment", 5_000], ["edit:2", "refund", 5_000]]);
      expect(await s.balance()).toMatchObject({ approved: 1_500, reversed: 500, payable: 1_000 });

      // Cancelling the edited order reverses the added line's commission too.
      await s.deliver("orders/cancelled", { ...shopifyOrder(20), cancelled_at: "2030-01-02T10:00:00-05:00" });
      expect(await s.balance()).toMatchObject({ approved: 1_500, reversed: 1_500, payable: 0 });
    });

    it("a second orders/paid with another amount is an edit, not a conflict; a refund inside orders/updated is no edit", async () => {
      const s = await store();
      await s.deliver("orders/paid", version(21, "2030-01-01T10:00:00-05:00", ["100.00"]));
      await s.deliver("orders/paid", version(21, "2030-01-01T10:05:00-05:00", ["120.00"]));
      expect(await edits(s.shop.id)).toEqual([["edit:1", "adjustment", 2_000]]);
      expect(await s.balance()).toMatchObject({ approved: 1_200 });

      const refund = shopifyRefund(21, 1, "30.00");
      await s.deliver("refunds/create", refund);
      // Shopify's current subtotal is net of the refund; the refund itself is in the order's refunds.
      const afterRefund = { ...version(21, "2030-01-01T11:00:00-05:00", ["120.00"]), current_subtotal_price_set: moneySet("90.00"), refunds: [refund] };
      await s.deliver("orders/updated", afterRefund);
      expect(await edits(s.shop.id)).toEqual([["edit:1", "adjustment", 2_000]]);
      expect(await s.balance()).toMatchObject({ approved: 1_200, reversed: 300, payable: 900 });
    });

    it("an edit of an order arriving before the order itself records the edited order, and the original adds nothing", async () => {
      const s = await store();
      await s.deliver("orders/updated", version(22, "2030-01-01T11:00:00-05:00", ["100.00", "50.00"]));
      await s.deliver("orders/paid", version(22, "2030-01-01T10:00:00-05:00", ["100.00"]));
      expect((await s.saleOf(22)).sale).toMatchObject({ amount: 15_000 });
      expect(await edits(s.shop.id)).toEqual([]);
      expect(await s.balance()).toMatchObject({ approved: 1_500 });
    });
  });
});
