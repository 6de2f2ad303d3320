import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clicks } from "../../db/schema/index";
import { writeClick, type ClickRow } from "../../domain/links/click-writer";
import { openTestDatabase, type TestDatabase } from "../helpers/databases";
import { referredCustomerFixture } from "../helpers/domain-fixture";

describe.each(["pglite", "postgres"] as const)("group-commit click writer on %s", (kind) => {
  let database: TestDatabase;
  let f: Awaited<ReturnType<typeof referredCustomerFixture>>;
  const row = (visitorId: string, partnerId = f.partner.id): ClickRow => ({
    id: randomUUID(),
    shopId: f.shop.id,
    programId: f.program.id,
    partnerId,
    visitorId,
    clickedAt: new Date(),
  });

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    f = await referredCustomerFixture(database.db);
  });
  afterAll(async () => {
    await database?.destroy();
  });

  it("stores every click written at once, and a bad row fails alone without losing its batch", async () => {
    const good = Array.from({ length: 30 }, (_, i) => row(`v-${i}`));
    const orphan = row("orphan", randomUUID()); // no such partner: a foreign key violation
    const outcomes = await Promise.allSettled([...good.slice(0, 15), orphan, ...good.slice(15)].map((r) => writeClick(database.db, r)));
    expect(outcomes.filter((o) => o.status === "rejected")).toHaveLength(1);
    expect(outcomes[15]!.status).toBe("rejected");
    const stored = await database.db.select({ id: clicks.id }).from(clicks).where(eq(clicks.shopId, f.shop.id));
    expect(new Set(stored.map((s) => s.id))).toEqual(new Set(good.map((g) => g.id)));
  });
});
