import { and, count, eq, isNotNull, isNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDrainShop, storeOrderEvents, DRAIN_SHOP } from "../../bench/drain/order-mix";
import { verifyDrain } from "../../bench/drain/verify-drain";
import { inboundEvents } from "../../db/schema/index";
import { InboundBatcher } from "../../jobs/inbound-batcher";
import { processInboundEventBatch } from "../../jobs/process-inbound-batch";
import { PayloadRejectedError } from "../../jobs/stored-event-plan";
import { databaseKinds, openTestDatabase, truncateAll, type TestDatabase } from "../helpers/databases";

describe.each(databaseKinds)("stored events processed in shared transactions on %s", (kind) => {
  let database: TestDatabase;
  let shopId: string;
  beforeAll(async () => {
    database = await openTestDatabase(kind);
  });
  afterAll(() => database.destroy());
  const fresh = async () => {
    await truncateAll(database);
    shopId = await seedDrainShop(database.db);
  };

  it("processes the order mix (keys, coupons, unattributed, repeat buyers) in concurrent batches exactly as one by one", async () => {
    await fresh();
    const ids = await storeOrderEvents(database.db, shopId, "mix", 0, 60);
    const batcher = new InboundBatcher(database.db, { parallel: 3, maxBatch: 8 });
    const outcomes = await Promise.all(ids.map((id) => batcher.process(id)));
    expect(outcomes).toEqual(ids.map(() => "processed"));
    expect(await verifyDrain(database.db, shopId, 60)).toBe(60);
    // Again, with an id twice in one batch: nothing changes.
    expect(await processInboundEventBatch(database.db, [ids[0]!, ids[1]!, ids[0]!])).toEqual(["already processed", "already processed", "already processed"]);
    expect(await verifyDrain(database.db, shopId, 60)).toBe(60);
  });

  it("fails only the bad event of a batch: the batch rolls back, the others are processed one by one", async () => {
    await fresh();
    const ids = await storeOrderEvents(database.db, shopId, "bad", 0, 9);
    const [bad] = await database.db
      .insert(inboundEvents)
      .values({ shopId, provider: "shopify", dedupeScope: `shop:${DRAIN_SHOP}`, externalId: "unreadable", topic: "orders/paid", payload: { id: "not an order" } })
      .returning();
    await expect(processInboundEventBatch(database.db, [...ids, bad!.id])).rejects.toThrow(PayloadRejectedError);
    const processed = async () => (await database.db.select({ n: count() }).from(inboundEvents).where(and(eq(inboundEvents.shopId, shopId), isNotNull(inboundEvents.processedAt))))[0]!.n;
    expect(await processed()).toBe(0);

    // One job runs alone, the nine others (the bad one last) wait and share the next transaction.
    const batcher = new InboundBatcher(database.db, { parallel: 1, maxBatch: 50 });
    const settled = await Promise.allSettled([...ids, bad!.id].map((id) => batcher.process(id)));
    expect(settled.slice(0, 9).map((s) => (s.status === "fulfilled" ? s.value : s.reason))).toEqual(ids.map(() => "processed"));
    expect(settled[9]!.status === "rejected" && settled[9]!.reason).toBeInstanceOf(PayloadRejectedError);
    expect(await processed()).toBe(9);
    const [left] = await database.db.select().from(inboundEvents).where(and(eq(inboundEvents.id, bad!.id), isNull(inboundEvents.processedAt)));
    expect(left).toBeDefined();
  });
});
