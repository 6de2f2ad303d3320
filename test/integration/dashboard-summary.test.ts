import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clicks, commissions, transactions } from "../../db/schema/index";
import { dashboardSummary } from "../../domain/reports/dashboard-summary";
import { addShopDays, shopDate, startOfShopDay } from "../../domain/shops/shop-time";
import { seedBusyShop } from "../helpers/busy-shop";
import { openTestDatabase, type TestDatabase } from "../helpers/databases";


describe.each(["pglite", "postgres"] as const)("dashboard summary of a busy shop on %s", (kind) => {
  let database: TestDatabase;
  let shopId: string;

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    ({ shop: { id: shopId } } = await seedBusyShop(database.db, { partners: 20, clicks: 3_000, orders: 400, days: 120 }));
    await seedBusyShop(database.db, { partners: 5, clicks: 500, orders: 50, days: 120 }); // another shop: never counted
  });
  afterAll(async () => {
    await database?.destroy();
  });

  it.each([
    ["whole days", 0, "UTC"],
    ["a period starting mid-day", 13 * 3_600_000, "UTC"],
    // The store's own calendar days: Auckland is 12 or 13 hours ahead of UTC, Los Angeles 7 or 8 behind, with a
    // daylight-saving change inside most 30-day windows of the year.
    ["whole days of a store in Auckland", 0, "Pacific/Auckland"],
    ["whole days of a store in Los Angeles", 0, "America/Los_Angeles"],
  ])("matches counts and sums taken row by row, for %s", async (_label, offset, timeZone) => {
    const db = database.db;
    const dayOf = (d: Date) => shopDate(d, timeZone);
    const to = addShopDays(startOfShopDay(new Date(), timeZone), 1, timeZone);
    const from = new Date(addShopDays(to, -30, timeZone).getTime() + offset);
    const summary = await dashboardSummary(db, shopId, { from, to, timeZone });
    const dayFrom = startOfShopDay(from, timeZone);
    const clickRows = await db.select().from(clicks).where(eq(clicks.shopId, shopId));
    const sales = (await db.select().from(transactions).where(eq(transactions.shopId, shopId))).filter((t) => t.partnerId && t.type !== "refund");
    const earned = await db
      .select({ amount: commissions.amount, occurredAt: transactions.occurredAt })
      .from(commissions)
      .innerJoin(transactions, eq(transactions.id, commissions.transactionId))
      .where(and(eq(commissions.shopId, shopId), eq(commissions.kind, "commission")));
    const within = (d: Date, start: Date) => d >= start && d < to;

    expect(summary.clicks).toBe(clickRows.filter((c) => within(c.clickedAt, from)).length);
    expect(summary.money[0]!.revenue).toBe(sales.filter((t) => within(t.occurredAt, from)).reduce((s, t) => s + t.amount, 0));
    expect(summary.series).toHaveLength(30);
    expect(summary.series[0]!.day).toBe(dayOf(dayFrom));
    for (const point of summary.series) {
      const onDay = (d: Date) => dayOf(d) === point.day;
      expect(point).toEqual({
        day: point.day,
        clicks: clickRows.filter((c) => onDay(c.clickedAt)).length,
        revenue: sales.filter((t) => onDay(t.occurredAt)).reduce((s, t) => s + t.amount, 0),
        commissions: earned.filter((c) => onDay(c.occurredAt)).reduce((s, c) => s + c.amount, 0),
      });
    }
    expect(summary.series.reduce((s, p) => s + p.clicks, 0)).toBeGreaterThan(0);
  });
});
