import fc from "fast-check";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { commissions, payouts } from "../../db/schema/index";
import { partnerBalances } from "../../domain/commissions/partner-balances";
import { approveCommission, approveDueCommissions } from "../../domain/commissions/review-commission";
import { payPartner } from "../../domain/payouts/pay-partner";
import { databaseKinds, openTestDatabase, type TestDatabase } from "../helpers/databases";
import { referredCustomerFixture } from "../helpers/domain-fixture";

type Step =
  | { op: "sale"; amount: number; renewal: boolean }
  | { op: "refund"; sale: number; permille: number }
  | { op: "approveDue" }
  | { op: "approveOne"; sale: number }
  | { op: "pay" };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ op: fc.constant("sale" as const), amount: fc.integer({ min: 0, max: 50_000 }), renewal: fc.boolean() }),
  fc.record({ op: fc.constant("refund" as const), sale: fc.nat(), permille: fc.integer({ min: 1, max: 1_000 }) }),
  fc.record({ op: fc.constant("approveDue" as const) }),
  fc.record({ op: fc.constant("approveOne" as const), sale: fc.nat() }),
  fc.record({ op: fc.constant("pay" as const) }),
);

const halfUp = (numerator: bigint, denominator: bigint) => Number((numerator * 2n + denominator) / (2n * denominator));

/** An independent model of one commission: 10 % of the sale, reversed in proportion to the cumulative refunds. */
interface ModelCommission {
  id: string;
  sale: number;
  amount: number;
  refunded: number;
  approved: boolean;
}

const reversedOf = (c: ModelCommission) => Math.min(c.amount, c.sale === 0 ? (c.refunded > 0 ? c.amount : 0) : halfUp(BigInt(c.amount) * BigInt(c.refunded), BigInt(c.sale)));

describe.each(databaseKinds)("balances under random sequences on %s", (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(kind);
  });
  afterAll(() => database.destroy());

  it("payable = approved - reversed - paid at every step, matching the model, and no cent is paid twice", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 25 }), async (steps) => {
        const f = await referredCustomerFixture(database.db, { recurring: {} });
        const model: ModelCommission[] = [];
        const sales: { key: string; amount: number; refunded: number; commission?: ModelCommission }[] = [];
        let paidTotal = 0;
        let n = 0;
        const at = new Date("2030-01-01T00:00:00Z");
        for (const s of steps) {
          n += 1;
          if (s.op === "sale") {
            const key = `sale-${n}`;
            const result = await f.record({ externalId: key, amount: s.amount, type: s.renewal && sales.length > 0 ? "renewal" : "sale", occurredAt: new Date(at.getTime() + n * 1000) });
            const amount = halfUp(BigInt(s.amount) * 1_000n, 10_000n);
            const entry: (typeof sales)[number] = { key, amount: s.amount, refunded: 0 };
            if (amount > 0) {
              expect(result.commissions.map((c) => c.amount)).toEqual([amount]);
              entry.commission = { id: result.commissions[0]!.id, sale: s.amount, amount, refunded: 0, approved: false };
              model.push(entry.commission);
            } else expect(result.commissions).toEqual([]);
            sales.push(entry);
          } else if (s.op === "refund" && sales.length > 0) {
            const sale = sales[s.sale % sales.length]!;
            const refund = Math.min(sale.amount - sale.refunded, Math.max(1, Math.floor((sale.amount * s.permille) / 1_000)));
            if (refund <= 0) continue;
            await f.record({ externalId: `refund-${n}`, type: "refund", amount: refund, refundsExternalId: sale.key });
            sale.refunded += refund;
            if (sale.commission) sale.commission.refunded += refund;
          } else if (s.op === "approveDue") {
            await approveDueCommissions(database.db, new Date("2031-01-01T00:00:00Z"));
            for (const c of model) if (reversedOf(c) < c.amount || c.approved) c.approved = true;
          } else if (s.op === "approveOne" && model.length > 0) {
            const c = model[s.sale % model.length]!;
            if (c.approved || reversedOf(c) < c.amount) {
              await approveCommission(database.db, f.shop.id, c.id);
              c.approved = true;
            }
          } else if (s.op === "pay") {
            const before = (await partnerBalances(database.db, f.shop.id, f.partner.id))[0];
            const payout = await payPartner(database.db, f.shop.id, f.partner.id, "USD");
            if (before && before.payable > 0) {
              expect(payout!.amount).toBe(before.payable);
              paidTotal += payout!.amount;
            } else expect(payout).toBeUndefined();
          }

          const expected = {
            pending: model.filter((c) => !c.approved).reduce((sum, c) => sum + c.amount - reversedOf(c), 0),
            approved: model.filter((c) => c.approved).reduce((sum, c) => sum + c.amount, 0),
            reversed: model.filter((c) => c.approved).reduce((sum, c) => sum + reversedOf(c), 0),
            paid: paidTotal,
          };
          const [actual] = await partnerBalances(database.db, f.shop.id, f.partner.id);
          const got = actual ?? { pending: 0, approved: 0, reversed: 0, paid: 0, inPayout: 0, payable: 0 };
          expect({ pending: got.pending, approved: got.approved, reversed: got.reversed, paid: got.paid }).toEqual(expected);
          expect(got.payable).toBe(got.approved - got.reversed - got.paid - got.inPayout);
          // Never more paid out than was ever approved.
          expect(got.paid).toBeLessThanOrEqual(got.approved);
        }
        // Each paid commission belongs to exactly one payout, and payouts add up to what the balance says was paid.
        const paidRows = await database.db.select().from(commissions).where(eq(commissions.partnerId, f.partner.id));
        for (const row of paidRows.filter((r) => r.status === "paid")) expect(row.payoutId).not.toBeNull();
        const payoutRows = await database.db.select().from(payouts).where(eq(payouts.partnerId, f.partner.id));
        expect(payoutRows.reduce((sum, p) => sum + p.amount, 0)).toBe(paidTotal);
      }),
      { numRuns: kind === "pglite" ? 40 : 20 },
    );
  });
});
