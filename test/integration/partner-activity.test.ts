import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { transactions } from "../../db/schema/index";
import { partnerActivity } from "../../domain/partners/partner-activity";
import { openTestDatabase, type TestDatabase } from "../helpers/databases";
import { referredCustomerFixture } from "../helpers/domain-fixture";

describe.each(["pglite", "postgres"] as const)("partner page orders on %s", (kind) => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await openTestDatabase(kind);
  });
  afterAll(async () => {
    await database?.destroy();
  });

  it("lists the latest 15 orders credited to the partner or naming it uncredited, newest first, each once, never another partner's", async () => {
    const db = database.db;
    const f = await referredCustomerFixture(db);
    const other = await referredCustomerFixture(db);
    const at = (minute: number) => new Date(Date.UTC(2026, 10, 1, 12, minute));
    const order = (externalId: string, minute: number, partnerId: string | null, named: string | null, shopId = f.shop.id) => ({
      shopId,
      partnerId,
      provider: "test",
      externalId,
      type: "sale" as const,
      amount: 1_000,
      currency: "USD",
      occurredAt: at(minute),
      attribution: named ? ({ partnerId: named } as never) : null,
    });
    await db.insert(transactions).values([
      ...Array.from({ length: 10 }, (_, i) => order(`credited-${i}`, i * 2, f.partner.id, f.partner.id)),
      ...Array.from({ length: 10 }, (_, i) => order(`named-${i}`, i * 2 + 1, null, f.partner.id)),
      order("unrelated", 59, null, null),
      order("other-shop", 58, other.partner.id, f.partner.id, other.shop.id),
    ]);
    const { orders } = await partnerActivity(db, f.shop.id, f.partner.id);
    const expected = Array.from({ length: 20 }, (_, m) => (m % 2 ? `named-${(m - 1) / 2}` : `credited-${m / 2}`)).reverse().slice(0, 15);
    expect(orders.map((o) => o.externalId)).toEqual(expected);
  });
});
