import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrateDatabase } from "../../db/migrate";
import { rowsOf } from "../../db/rows";
import { inboundEvents, shops, transactions } from "../../db/schema/index";
import { databaseKinds, openTestDatabase, type TestDatabase } from "../helpers/databases";


describe.each(databaseKinds)("migrations on %s", (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    // Fresh: the migrations run here from an empty database, not from a migrated PGlite copy.
    database = await openTestDatabase(kind, { fresh: true });
  });
  afterAll(() => database.destroy());

  it("creates every table of the domain", async () => {
    const result = await database.db.execute<{ tablename: string }>(sql`select tablename from pg_tables where schemaname = 'public' order by 1`);
    const tables = rowsOf<{ tablename: string }>(result).map((r) => r.tablename);
    expect(tables).toEqual(
      expect.arrayContaining([
        "shops", "shopify_sessions", "programs", "commission_rules", "partner_groups", "partners", "links", "clicks",
        "customers", "customer_external_ids", "leads", "discounts", "coupon_codes", "transactions", "commissions",
        "payouts", "payout_batches", "inbound_events", "webhook_endpoints", "webhook_deliveries", "webhook_attempts",
        "api_keys", "provider_connections",
      ]),
    );
  });

  it("applies again without change", async () => {
    await migrateDatabase(database);
    const result = await database.db.execute<{ n: number }>(sql`select count(*)::int as n from drizzle.__drizzle_migrations`);
    expect(rowsOf<{ n: number }>(result)[0]!.n).toBeGreaterThanOrEqual(1);
    await migrateDatabase(database);
    const again = await database.db.execute<{ n: number }>(sql`select count(*)::int as n from drizzle.__drizzle_migrations`);
    expect(rowsOf<{ n: number }>(again)[0]!.n).toBe(rowsOf<{ n: number }>(result)[0]!.n);
  });

  it("keeps inbound events and transactions unique, the base of idempotent ingestion", async () => {
    const [shop] = await database.db.insert(shops).values({ domain: `${kind}-unique.myshopify.com` }).returning();
    const event = { shopId: shop!.id, provider: "shopify" as const, dedupeScope: `shop:${kind}-unique.myshopify.com`, externalId: "evt-1", topic: "orders/paid", payload: {} };
    await database.db.insert(inboundEvents).values(event);
    const duplicate = await database.db.insert(inboundEvents).values(event).onConflictDoNothing().returning();
    expect(duplicate).toEqual([]);

    const sale = { shopId: shop!.id, provider: "api", externalId: "order-1", type: "sale" as const, amount: 12_345, currency: "USD" };
    await database.db.insert(transactions).values(sale);
    await expect(database.db.insert(transactions).values(sale)).rejects.toThrow();
  });

  it("stores money as integer minor units beyond 2^31", async () => {
    const [shop] = await database.db.insert(shops).values({ domain: `${kind}-money.myshopify.com` }).returning();
    const amount = 9_007_199_254_740_991; // 2^53 - 1 minor units
    const [row] = await database.db
      .insert(transactions)
      .values({ shopId: shop!.id, provider: "api", externalId: "big", type: "sale", amount, currency: "JPY" })
      .returning();
    expect(row!.amount).toBe(amount);
  });
});
