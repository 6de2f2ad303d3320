import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { commissions } from "../../db/schema/index";
import { partnerBalances } from "../../domain/commissions/partner-balances";
import { approveCommission, approveDueCommissions } from "../../domain/commissions/review-commission";
import { payPartner } from "../../domain/payouts/pay-partner";
import { updateProgram } from "../../domain/programs/update-program";
import { databaseKinds, openTestDatabase, type TestDatabase } from "../helpers/databases";
import { referredCustomerFixture } from "../helpers/domain-fixture";

const DAY = 86_400_000;
const soon = new Date("2030-01-01T00:00:00Z");
const afterHold = new Date(soon.getTime() + 31 * DAY);

describe.each(databaseKinds)("commission lifecycle on %s", (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(kind);
  });
  afterAll(() => database.destroy());

  const balance = async (shopId: string, partnerId: string) => (await partnerBalances(database.db, shopId, partnerId))[0];

  it("partial refund before approval shrinks the pending commission; approval after the hold moves the rest", async () => {
    const f = await referredCustomerFixture(database.db);
    const sale = await f.record({ externalId: "o1", amount: 10_000, occurredAt: soon });
    expect(sale.commissions).toMatchObject([{ amount: 1_000, status: "pending" }]);
    await f.record({ externalId: "r1", type: "refund", amount: 2_500, refundsExternalId: "o1", occurredAt: soon });
    expect(await balance(f.shop.id, f.partner.id)).toEqual({ currency: "USD", pending: 750, approved: 0, reversed: 0, paid: 0, inPayout: 0, payable: 0 });

    expect(await approveDueCommissions(database.db, new Date(soon.getTime() + 29 * DAY))).toBe(0);
    await approveDueCommissions(database.db, afterHold);
    expect(await balance(f.shop.id, f.partner.id)).toEqual({ currency: "USD", pending: 0, approved: 1_000, reversed: 250, paid: 0, inPayout: 0, payable: 750 });
  });

  it("full refund before approval reverses the commission, which is never approved", async () => {
    const f = await referredCustomerFixture(database.db);
    const sale = await f.record({ externalId: "o1", amount: 10_000, occurredAt: soon });
    await f.record({ externalId: "r1", type: "refund", amount: 10_000, refundsExternalId: "o1", occurredAt: soon });
    await approveDueCommissions(database.db, afterHold);
    const [row] = await database.db.select().from(commissions).where(eq(commissions.id, sale.commissions[0]!.id));
    expect(row!.status).toBe("reversed");
    expect(await balance(f.shop.id, f.partner.id)).toMatchObject({ pending: 0, approved: 0, reversed: 0, payable: 0 });
  });

  it("refund after approval reverses in proportion", async () => {
    const f = await referredCustomerFixture(database.db);
    const sale = await f.record({ externalId: "o1", amount: 9_999, occurredAt: soon });
    expect(sale.commissions[0]!.amount).toBe(1_000); // 999.9 rounds half up
    await approveCommission(database.db, f.shop.id, sale.commissions[0]!.id);
    await f.record({ externalId: "r1", type: "refund", amount: 3_333, refundsExternalId: "o1" });
    await f.record({ externalId: "r2", type: "refund", amount: 3_333, refundsExternalId: "o1" });
    expect(await balance(f.shop.id, f.partner.id)).toMatchObject({ approved: 1_000, reversed: 667, payable: 333 });
    await f.record({ externalId: "r3", type: "refund", amount: 3_333, refundsExternalId: "o1" });
    expect(await balance(f.shop.id, f.partner.id)).toMatchObject({ approved: 1_000, reversed: 1_000, payable: 0 });
  });

  it("refund after payout becomes a negative balance that the next payout deducts", async () => {
    const f = await referredCustomerFixture(database.db, { holdDays: 0 });
    await f.record({ externalId: "o1", amount: 10_000 });
    const first = await payPartner(database.db, f.shop.id, f.partner.id, "USD");
    expect(first!.amount).toBe(1_000);
    expect(await payPartner(database.db, f.shop.id, f.partner.id, "USD")).toBeUndefined();

    await f.record({ externalId: "r1", type: "refund", amount: 10_000, refundsExternalId: "o1" });
    expect(await balance(f.shop.id, f.partner.id)).toEqual({ currency: "USD", pending: 0, approved: 1_000, reversed: 1_000, paid: 1_000, inPayout: 0, payable: -1_000 });
    expect(await payPartner(database.db, f.shop.id, f.partner.id, "USD")).toBeUndefined();

    await f.record({ externalId: "o2", amount: 25_000 });
    const second = await payPartner(database.db, f.shop.id, f.partner.id, "USD");
    expect(second!.amount).toBe(1_500);
    expect(await balance(f.shop.id, f.partner.id)).toMatchObject({ approved: 3_500, reversed: 1_000, paid: 2_500, payable: 0 });
  });

  it("pays only at or above the program's threshold, and once under concurrent calls", async () => {
    const f = await referredCustomerFixture(database.db, { holdDays: 0, payoutThreshold: 2_000 });
    await f.record({ externalId: "o1", amount: 15_000 });
    expect(await payPartner(database.db, f.shop.id, f.partner.id, "USD")).toBeUndefined();
    await f.record({ externalId: "o2", amount: 5_000 });
    const results = await Promise.all([1, 2, 3].map(() => payPartner(database.db, f.shop.id, f.partner.id, "USD")));
    expect(results.filter(Boolean).map((p) => p!.amount)).toEqual([2_000]);
  });

  it("a refund that arrives before its sale ends in the same state as in order", async () => {
    const inOrder = await referredCustomerFixture(database.db);
    await inOrder.record({ externalId: "o1", amount: 10_000, occurredAt: soon });
    await inOrder.record({ externalId: "r1", type: "refund", amount: 4_000, refundsExternalId: "o1", occurredAt: soon });

    const reversed = await referredCustomerFixture(database.db);
    const parked = await reversed.record({ externalId: "r1", type: "refund", amount: 4_000, refundsExternalId: "o1", occurredAt: soon });
    expect(parked.commissions).toEqual([]);
    expect(parked.transaction.attribution).toMatchObject({ attributed: false, reason: "sale_not_recorded_yet" });
    await reversed.record({ externalId: "o1", amount: 10_000, occurredAt: soon });

    expect(await balance(reversed.shop.id, reversed.partner.id)).toEqual(await balance(inOrder.shop.id, inOrder.partner.id));
    expect(await balance(reversed.shop.id, reversed.partner.id)).toMatchObject({ pending: 600 });
  });

  it("keeps each commission's rule snapshot when the rule is edited later", async () => {
    const f = await referredCustomerFixture(database.db, { holdDays: 0 });
    const before = await f.record({ externalId: "o1", amount: 10_000 });
    await updateProgram(database.db, f.shop.id, f.program.id, { commission: { kind: "percentage", percentBasisPoints: 2_000 } });
    const after = await f.record({ externalId: "o2", amount: 10_000 });
    const [old] = await database.db.select().from(commissions).where(eq(commissions.id, before.commissions[0]!.id));
    expect(old).toMatchObject({ amount: 1_000, ruleSnapshot: { percentBasisPoints: 1_000, version: 1 } });
    expect(after.commissions[0]).toMatchObject({ amount: 2_000, ruleSnapshot: { percentBasisPoints: 2_000, version: 2 } });
  });
});
