import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../db/client";
import { rowsOf } from "../../db/rows";
import { commissions } from "../../db/schema/index";
import { partnerBalances } from "../../domain/commissions/partner-balances";
import { approveCommission } from "../../domain/commissions/review-commission";
import { payPartner } from "../../domain/payouts/pay-partner";
import { openTestDatabase, type TestDatabase } from "../helpers/databases";
import { referredCustomerFixture } from "../helpers/domain-fixture";

const SALES = [10_000, 20_000, 30_000, 40_000, 50_000, 60_000];
// Partial refunds only: a full refund racing an approval legitimately ends either approved-and-reversed or never approved.
const REFUNDS = [
  { sale: 0, amount: 5_000 },
  { sale: 2, amount: 2_500 },
  { sale: 4, amount: 25_001 },
];

type Fixture = Awaited<ReturnType<typeof referredCustomerFixture>>;

async function prepare(db: Database) {
  const f = await referredCustomerFixture(db, { holdDays: 30 });
  const ids: string[] = [];
  for (const [i, amount] of SALES.entries()) ids.push((await f.record({ externalId: `o${i}`, amount })).commissions[0]!.id);
  return { f, ids };
}

function operations(db: Database, f: Fixture, ids: string[]): (() => Promise<unknown>)[] {
  return [
    ...ids.map((id) => () => approveCommission(db, f.shop.id, id)),
    ...REFUNDS.map((r, i) => () => f.record({ externalId: `r${i}`, type: "refund", amount: r.amount, refundsExternalId: `o${r.sale}` })),
    ...[1, 2, 3].map(() => () => payPartner(db, f.shop.id, f.partner.id, "USD")),
  ];
}

/** A last approved sale large enough to cover any deduction, then a payout, so both runs end fully paid. */
async function settle(db: Database, f: Fixture) {
  const last = await f.record({ externalId: "final", amount: 500_000 });
  await approveCommission(db, f.shop.id, last.commissions[0]!.id);
  await payPartner(db, f.shop.id, f.partner.id, "USD");
  return (await partnerBalances(db, f.shop.id, f.partner.id))[0]!;
}

async function payoutsAndTheirRows(db: Database, shopId: string) {
  const result = await db.execute(sql`
    select p.id, p.amount::text as amount,
           coalesce((select sum(c.amount) from commissions c where c.payout_id = p.id and c.kind = 'commission'), 0)::text as earned,
           coalesce((select sum(c.amount) from commissions c where c.payout_id = p.id and c.kind = 'reversal'), 0)::text as deducted
    from payouts p where p.shop_id = ${shopId}`);
  return rowsOf<{ id: string; amount: string; earned: string; deducted: string }>(result).map((r) => ({
    amount: Number(r.amount),
    rows: Number(r.earned) - Number(r.deducted),
  }));
}

describe("payouts racing approvals and refunds on postgres", () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase("postgres");
  });
  afterAll(() => database.destroy());

  it("pays exactly the rows each payout claims, and ends where a sequential run ends (50 iterations)", async () => {
    const sequential = await prepare(database.db);
    for (const op of operations(database.db, sequential.f, sequential.ids)) await op();
    const expected = await settle(database.db, sequential.f);
    expect(expected.payable).toBe(0);
    expect(expected.paid).toBe(expected.approved - expected.reversed);

    for (let iteration = 0; iteration < 50; iteration++) {
      const { f, ids } = await prepare(database.db);
      const ops = operations(database.db, f, ids);
      // Every operation at once, each on its own pool connection; check the invariant while they run too.
      const invariant = async () => {
        const [b] = await partnerBalances(database.db, f.shop.id, f.partner.id);
        if (b) expect(b.payable).toBe(b.approved - b.reversed - b.paid - b.inPayout);
      };
      await Promise.all([...ops.map((op) => op()), invariant(), invariant()]);
      for (const payout of await payoutsAndTheirRows(database.db, f.shop.id)) expect(payout.rows).toBe(payout.amount);

      const balance = await settle(database.db, f);
      expect({ ...balance }).toEqual(expected);
      const payouts = await payoutsAndTheirRows(database.db, f.shop.id);
      for (const payout of payouts) expect(payout.rows).toBe(payout.amount);
      expect(payouts.reduce((sum, p) => sum + p.amount, 0)).toBe(balance.paid);
      // Every approved commission and every reversal of one is in exactly one payout once settled.
      const unsettled = await database.db
        .select({ id: commissions.id })
        .from(commissions)
        .where(and(eq(commissions.shopId, f.shop.id), sql`${commissions.payoutId} is null`));
      expect(unsettled).toEqual([]);
    }
  }, 240_000);
});
