import { Readable } from "node:stream";
import { parse } from "csv-parse/sync";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../db/client";
import { rowsOf } from "../../db/rows";
import { commissions, partners, payoutSchedules } from "../../db/schema/index";
import { partnerBalances } from "../../domain/commissions/partner-balances";
import { rejectCommission } from "../../domain/commissions/review-commission";
import { trackCustomer } from "../../domain/customers/track-customer";
import { createPartner } from "../../domain/partners/create-partner";
import { updatePartner } from "../../domain/partners/update-partner";
import { applyPaypalResults } from "../../domain/payouts/apply-paypal-results";
import { createPayoutBatch } from "../../domain/payouts/create-payout-batch";
import { findPayoutBatchOrThrow } from "../../domain/payouts/find-payout-batch-or-throw";
import { markBatchPaid } from "../../domain/payouts/mark-batch-paid";
import { markPayoutFailed } from "../../domain/payouts/mark-payout-failed";
import { markPayoutPaid } from "../../domain/payouts/mark-payout-paid";
import { runDuePayoutSchedules } from "../../domain/payouts/run-due-payout-schedules";
import { savePayoutSchedule } from "../../domain/payouts/save-payout-schedule";
import { streamPayoutExport } from "../../domain/payouts/stream-payout-export";
import { recordTransaction } from "../../domain/transactions/record-transaction";
import { insertApprovedCommissions } from "../helpers/bulk-commissions";
import { databaseKinds, openTestDatabase, type TestDatabase } from "../helpers/databases";
import { referredCustomerFixture } from "../helpers/domain-fixture";

type Fixture = Awaited<ReturnType<typeof referredCustomerFixture>>;

async function secondPartner(db: Database, f: Fixture, key: string) {
  const { partner } = await createPartner(db, f.shop.id, { programId: f.program.id, email: `${key.toLowerCase()}@example.com`, key, status: "active" });
  const { customer } = await trackCustomer(db, f.program, { key: `customer-of-${key}`, email: `buyer-${key.toLowerCase()}@example.com`, referralKey: key });
  const record = (externalId: string, amount: number) =>
    recordTransaction(db, f.program, customer, { provider: "test", type: "sale", currency: "USD", externalId, amount });
  return { partner, record };
}

async function text(stream: Readable): Promise<string> {
  let out = "";
  for await (const chunk of stream) out += chunk.toString();
  return out;
}

describe.each(databaseKinds)("payout batches on %s", (kind) => {
  let database: TestDatabase;
  let db: Database;
  beforeAll(async () => {
    database = await openTestDatabase(kind);
    db = database.db;
  });
  afterAll(() => database.destroy());

  const balance = async (f: Fixture, partnerId = f.partner.id) => (await partnerBalances(db, f.shop.id, partnerId))[0]!;

  /** The domain's invariants, after every step: the balance identity, and each payout not failed equal to its rows. */
  async function checkInvariants(f: Fixture) {
    for (const b of await partnerBalances(db, f.shop.id, f.partner.id)) expect(b.payable).toBe(b.approved - b.reversed - b.paid - b.inPayout);
    const result = await db.execute(sql`
      select p.amount::text as amount,
             coalesce(sum(case when c.kind = 'commission' then c.amount else -c.amount end), 0)::text as rows
      from payouts p left join commissions c on c.payout_id = p.id
      where p.shop_id = ${f.shop.id} and p.status <> 'failed' group by p.id, p.amount`);
    for (const r of rowsOf<{ amount: string; rows: string }>(result)) expect(Number(r.rows)).toBe(Number(r.amount));
  }

  it("pays every partner at or above the threshold, carries the others, and leaves later approvals to the next batch", async () => {
    const f = await referredCustomerFixture(db, { holdDays: 0, payoutThreshold: 2_000 });
    const b = await secondPartner(db, f, "BEA");
    await f.record({ externalId: "a1", amount: 30_000 });
    await b.record("b1", 10_000);

    const first = await createPayoutBatch(db, f.shop.id, "USD");
    expect(first!.payouts.map((p) => [p.partnerId, p.amount, p.status])).toEqual([[f.partner.id, 3_000, "pending"]]);
    expect(first!.batch.status).toBe("draft");
    await f.record({ externalId: "a2", amount: 10_000 });
    // Pending payouts are not paid yet but already cover their rows: shown apart, outside payable (issue 17), so
    // paying `payable` by hand never pays them a second time.
    expect(await balance(f)).toMatchObject({ approved: 4_000, paid: 0, inPayout: 3_000, payable: 1_000 });
    expect(await createPayoutBatch(db, f.shop.id, "USD")).toBeUndefined();
    await checkInvariants(f);

    expect((await markBatchPaid(db, f.shop.id, first!.batch.id)).marked).toBe(1);
    expect(await markBatchPaid(db, f.shop.id, first!.batch.id)).toMatchObject({ marked: 0, batch: { status: "paid", paidCount: 1, totalAmount: 3_000 } });
    expect(await balance(f)).toMatchObject({ approved: 4_000, paid: 3_000, payable: 1_000 });

    await b.record("b2", 15_000);
    const second = await createPayoutBatch(db, f.shop.id, "USD");
    expect(second!.payouts.map((p) => [p.partnerId, p.amount])).toEqual([[b.partner.id, 2_500]]);
    await checkInvariants(f);
  });

  it("deducts a clawback after payout from the next batch, and carries a partner whose clawbacks exceed earnings", async () => {
    const f = await referredCustomerFixture(db, { holdDays: 0 });
    await f.record({ externalId: "o1", amount: 10_000 });
    const first = await createPayoutBatch(db, f.shop.id, "USD");
    await markBatchPaid(db, f.shop.id, first!.batch.id);
    await f.record({ externalId: "r1", type: "refund", amount: 10_000, refundsExternalId: "o1" });
    expect(await balance(f)).toMatchObject({ reversed: 1_000, paid: 1_000, payable: -1_000 });
    expect(await createPayoutBatch(db, f.shop.id, "USD")).toBeUndefined();
    await checkInvariants(f);

    await f.record({ externalId: "o2", amount: 25_000 });
    const second = await createPayoutBatch(db, f.shop.id, "USD");
    expect(second!.payouts.map((p) => p.amount)).toEqual([1_500]);
    await markBatchPaid(db, f.shop.id, second!.batch.id);
    expect(await balance(f)).toEqual({ currency: "USD", pending: 0, approved: 3_500, reversed: 1_000, paid: 2_500, inPayout: 0, payable: 0 });
    await checkInvariants(f);
  });

  it("returns a failed payout's commissions to payable (pending or already paid), idempotently", async () => {
    const f = await referredCustomerFixture(db, { holdDays: 0 });
    const sale = await f.record({ externalId: "o1", amount: 10_000 });
    const first = await createPayoutBatch(db, f.shop.id, "USD");
    const payoutId = first!.payouts[0]!.id;
    await expect(rejectCommission(db, f.shop.id, sale.commissions[0]!.id)).rejects.toMatchObject({ code: "conflict" });

    expect((await markPayoutFailed(db, f.shop.id, payoutId)).changed).toBe(true);
    expect((await markPayoutFailed(db, f.shop.id, payoutId)).changed).toBe(false);
    await expect(markPayoutPaid(db, f.shop.id, payoutId)).rejects.toMatchObject({ code: "conflict" });
    const [row] = await db.select().from(commissions).where(eq(commissions.id, sale.commissions[0]!.id));
    expect(row).toMatchObject({ status: "approved", payoutId: null });
    expect(await balance(f)).toMatchObject({ approved: 1_000, paid: 0, payable: 1_000 });
    expect((await findPayoutBatchOrThrow(db, f.shop.id, first!.batch.id)).failedCount).toBe(1);

    const second = await createPayoutBatch(db, f.shop.id, "USD");
    const again = second!.payouts[0]!;
    expect(again.amount).toBe(1_000);
    expect((await markPayoutPaid(db, f.shop.id, again.id, { reference: "PP-1" })).payout).toMatchObject({ status: "paid", externalReference: "PP-1" });
    expect((await markPayoutPaid(db, f.shop.id, again.id)).changed).toBe(false);
    expect(await balance(f)).toMatchObject({ paid: 1_000, payable: 0 });
    // The provider returns a payout already marked paid: the money is owed again.
    await markPayoutFailed(db, f.shop.id, again.id, { reference: "returned" });
    expect(await balance(f)).toMatchObject({ paid: 0, payable: 1_000 });
    const [back] = await db.select().from(commissions).where(eq(commissions.id, sale.commissions[0]!.id));
    expect(back).toMatchObject({ status: "approved", payoutId: null, paidAt: null });
    await checkInvariants(f);
  });

  it("applies PayPal's result file: paid, failed (back to payable), pending left, unknown rows reported; idempotent", async () => {
    const f = await referredCustomerFixture(db, { holdDays: 0 });
    const b = await secondPartner(db, f, "BOUNCE");
    const c = await secondPartner(db, f, "LATER");
    await f.record({ externalId: "o1", amount: 10_000 });
    await b.record("b1", 20_000);
    await c.record("c1", 30_000);
    const { batch } = (await createPayoutBatch(db, f.shop.id, "USD"))!;
    const file = [
      "\uFEFFTransaction ID,Customer ID,Status,Amount,Currency",
      "7YH53119ML8957234,PARTNER,Completed,10.00,USD",
      "8AB12345CD6789012,BOUNCE,Returned,20.00,USD",
      ",LATER,Unclaimed,30.00,USD",
      "9ZZ,NOBODY,Completed,1.00,USD",
    ].join("\r\n");
    expect(await applyPaypalResults(db, f.shop.id, batch.id, file)).toEqual({ paid: 1, failed: 1, unchanged: 1, unmatched: ["NOBODY"] });
    expect(await applyPaypalResults(db, f.shop.id, batch.id, file)).toEqual({ paid: 0, failed: 0, unchanged: 3, unmatched: ["NOBODY"] });
    expect(await balance(f)).toMatchObject({ paid: 1_000, payable: 0 });
    expect(await balance(f, b.partner.id)).toMatchObject({ paid: 0, payable: 2_000 });
    expect(await findPayoutBatchOrThrow(db, f.shop.id, batch.id)).toMatchObject({ status: "draft", paidCount: 1, failedCount: 1, pendingCount: 1 });
    const paid = await db.execute(sql`select external_reference from payouts where batch_id = ${batch.id} and status = 'paid'`);
    expect(rowsOf(paid)).toEqual([{ external_reference: "7YH53119ML8957234" }]);
    await expect(applyPaypalResults(db, f.shop.id, batch.id, "a,b\r\n1,2")).rejects.toMatchObject({ code: "validation", field: "file" });
    await checkInvariants(f);
  });

  it("creates scheduled batches when due, once, skipping missed runs", async () => {
    const f = await referredCustomerFixture(db, { holdDays: 0 });
    const first = new Date("2031-01-01T00:00:00Z");
    await savePayoutSchedule(db, f.shop.id, { currency: "USD", everyDays: 7, nextRunAt: first });
    await f.record({ externalId: "o1", amount: 10_000 });
    expect(await runDuePayoutSchedules(db, new Date(first.getTime() - 1))).toEqual([]);
    const late = new Date(first.getTime() + 15 * 86_400_000);
    const [batchId] = await runDuePayoutSchedules(db, late);
    expect((await findPayoutBatchOrThrow(db, f.shop.id, batchId!)).totalAmount).toBe(1_000);
    expect(await runDuePayoutSchedules(db, late)).toEqual([]);
    const [schedule] = await db.select().from(payoutSchedules).where(eq(payoutSchedules.shopId, f.shop.id));
    expect(schedule).toMatchObject({ nextRunAt: new Date(first.getTime() + 21 * 86_400_000), lastRunAt: late, lastBatchId: batchId });
    // Nobody payable: no batch, the schedule still moves on.
    const next = new Date(first.getTime() + 21 * 86_400_000);
    expect(await runDuePayoutSchedules(db, next)).toEqual([]);
    const [moved] = await db.select().from(payoutSchedules).where(eq(payoutSchedules.shopId, f.shop.id));
    expect(moved).toMatchObject({ nextRunAt: new Date(first.getTime() + 28 * 86_400_000), lastBatchId: null });
    await expect(savePayoutSchedule(db, f.shop.id, { currency: "USD", everyDays: 0, nextRunAt: first })).rejects.toMatchObject({ field: "every_days" });
  });

  it("never shows or changes another shop's batch", async () => {
    const f = await referredCustomerFixture(db, { holdDays: 0 });
    const other = await referredCustomerFixture(db, { holdDays: 0 });
    await f.record({ externalId: "o1", amount: 10_000 });
    const batch = await createPayoutBatch(db, f.shop.id, "USD");
    await expect(findPayoutBatchOrThrow(db, other.shop.id, batch!.batch.id)).rejects.toMatchObject({ code: "not_found" });
    await expect(markPayoutPaid(db, other.shop.id, batch!.payouts[0]!.id)).rejects.toMatchObject({ code: "not_found" });
    await expect(streamPayoutExport(db, other.shop.id, batch!.batch.id, "generic")).rejects.toMatchObject({ code: "not_found" });
  });

  it("exports each provider's columns, escaping formula-looking cells", async () => {
    const f = await referredCustomerFixture(db, { holdDays: 0 });
    const wise = await secondPartner(db, f, "WISE1");
    const manual = await secondPartner(db, f, "MAN1");
    await updatePartner(db, f.shop.id, "PARTNER", { payoutMethod: "paypal", payoutDetails: { email: "+pay@example.com" } });
    await updatePartner(db, f.shop.id, "WISE1", { payoutMethod: "wise", payoutDetails: { name: "=HYPERLINK(\"x\")" } });
    await db.update(partners).set({ name: "@SUM(A1)" }).where(eq(partners.id, manual.partner.id));
    const sale = await f.record({ externalId: "o1", amount: 12_345 });
    await wise.record("w1", 50_000);
    await manual.record("m1", 7_000);
    const { batch } = (await createPayoutBatch(db, f.shop.id, "USD"))!;

    const paypal = await text(await streamPayoutExport(db, f.shop.id, batch.id, "paypal"));
    expect(paypal).toBe("'+pay@example.com,12.35,USD,PARTNER,Affiliate payout,PAYPAL\r\n");
    expect((await findPayoutBatchOrThrow(db, f.shop.id, batch.id)).status).toBe("exported");

    const wiseCsv = parse(await text(await streamPayoutExport(db, f.shop.id, batch.id, "wise")), { columns: true });
    expect(wiseCsv).toEqual([
      {
        name: "'=HYPERLINK(\"x\")", recipientEmail: "wise1@example.com", paymentReference: expect.stringMatching(/^Payout [0-9a-f]{8}$/),
        receiverType: "PRIVATE", amountCurrency: "target", amount: "50.00", sourceCurrency: "USD", targetCurrency: "USD", type: "EMAIL",
      },
    ]);

    const generic = parse(await text(await streamPayoutExport(db, f.shop.id, batch.id, "generic")), { columns: true }) as Record<string, string>[];
    expect(generic.map((r) => [r.partner_key, r.partner_name, r.method, r.amount, r.amount_minor, r.currency])).toEqual(
      expect.arrayContaining([
        ["PARTNER", "", "paypal", "12.35", "1235", "USD"],
        ["WISE1", "", "wise", "50.00", "5000", "USD"],
        ["MAN1", "'@SUM(A1)", "", "7.00", "700", "USD"],
      ]),
    );
    const mine = generic.find((r) => r.partner_key === "PARTNER")!;
    expect(mine).toMatchObject({ email: "'+pay@example.com", method_details: "email=+pay@example.com", commission_ids: sale.commissions[0]!.id, reversal_ids: "" });
    expect(Object.keys(mine)).toEqual(["payout_id", "partner_key", "partner_name", "email", "method", "method_details", "amount", "amount_minor", "currency", "commission_ids", "reversal_ids"]);
  });

  it("streams a large batch page by page as the reader pulls", async () => {
    const f = await referredCustomerFixture(db, { holdDays: 0 });
    await insertApprovedCommissions(db, { shopId: f.shop.id, programId: f.program.id, partners: 1_100, perPartner: 2, amount: 1_000, currency: "USD", method: "paypal" });
    const { batch, payouts } = (await createPayoutBatch(db, f.shop.id, "USD"))!;
    expect(payouts).toHaveLength(1_100);
    let queries = 0;
    const counting = new Proxy(db, {
      get(target, property, receiver) {
        const value = Reflect.get(target, property, receiver);
        if (property !== "execute") return value;
        return (...args: unknown[]) => {
          queries += 1;
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
    const stream = await streamPayoutExport(counting, f.shop.id, batch.id, "generic");
    const iterator = stream[Symbol.asyncIterator]();
    const first = await iterator.next();
    await new Promise((resolve) => setTimeout(resolve, 200));
    // One reader chunk needs at most the first pages of 500 rows, not all three.
    expect(queries).toBeLessThanOrEqual(2);
    let lines = String(first.value).split("\r\n").length - 1;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) lines += String(next.value).split("\r\n").length - 1;
    expect(queries).toBe(3);
    expect(lines).toBe(1_101);
  }, 120_000);
});
