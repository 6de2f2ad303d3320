import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { commissions, customers, leads, transactions } from "../../db/schema/index";
import { partnerBalances } from "../../domain/commissions/partner-balances";
import { trackCustomer } from "../../domain/customers/track-customer";
import { submitLead } from "../../domain/leads/submit-lead";
import { createPartner } from "../../domain/partners/create-partner";
import { createProgram } from "../../domain/programs/create-program";
import { createShop } from "../../domain/shops/create-shop";
import { recordTransaction, type TransactionInput } from "../../domain/transactions/record-transaction";
import type { RunningApp } from "../../runtime/start";
import { apiClient, shopWithKey } from "../helpers/api-client";
import { startTestApp } from "../helpers/app-server";
import { openTestDatabase, targetFor, type TestDatabase } from "../helpers/databases";
import { basicProgram, referredCustomerFixture } from "../helpers/domain-fixture";

// PGlite runs one transaction at a time and would hide every race here: these run on the PostgreSQL server,
// each operation on its own pooled connection, started together. Each race runs 50 times and must end in the
// state a sequential run reaches.
const RUNS = 50;
const at = new Date("2030-03-01T12:00:00Z");
const later = (minutes: number) => new Date(at.getTime() + minutes * 60_000);

describe("money under concurrency on PostgreSQL", () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase("postgres");
  });
  afterAll(() => database.destroy());

  const balanceOf = async (shopId: string, partnerId: string) => (await partnerBalances(database.db, shopId, partnerId))[0];

  /** Runs `race` RUNS times (each on a fresh shop), and compares every end state to the sequential one. */
  async function expectEveryRunToMatchSequential<S>(
    setup: () => Promise<S>,
    operations: (s: S) => (() => Promise<unknown>)[],
    endState: (s: S) => Promise<unknown>,
  ) {
    const sequential = await setup();
    for (const operation of operations(sequential)) await operation();
    const expected = await endState(sequential);
    for (let run = 0; run < RUNS; run++) {
      const parallel = await setup();
      await Promise.all(operations(parallel).map((operation) => operation()));
      expect(await endState(parallel), `run ${run}`).toEqual(expected);
    }
    return expected;
  }

  const refund = (externalId: string, amount: number, of = "o1"): Partial<TransactionInput> & { externalId: string; amount: number } => ({
    externalId,
    amount,
    type: "refund",
    refundsExternalId: of,
    occurredAt: later(10),
  });

  it("two partial refunds of one sale at once reverse their whole share", async () => {
    const expected = await expectEveryRunToMatchSequential(
      async () => {
        const f = await referredCustomerFixture(database.db);
        await f.record({ externalId: "o1", amount: 10_000, occurredAt: at });
        return f;
      },
      (f) => [() => f.record(refund("r1", 3_000)), () => f.record(refund("r2", 4_000))],
      (f) => balanceOf(f.shop.id, f.partner.id),
    );
    expect(expected).toMatchObject({ pending: 300 });
  });

  it("three refunds adding up to the sale at once reverse exactly the commission", async () => {
    const expected = await expectEveryRunToMatchSequential(
      async () => {
        const f = await referredCustomerFixture(database.db, { holdDays: 0 });
        await f.record({ externalId: "o1", amount: 9_999, occurredAt: at });
        return f;
      },
      (f) => [() => f.record(refund("r1", 3_333)), () => f.record(refund("r2", 3_333)), () => f.record(refund("r3", 3_333))],
      (f) => balanceOf(f.shop.id, f.partner.id),
    );
    expect(expected).toMatchObject({ approved: 1_000, reversed: 1_000, payable: 0 });
  });

  it("a refund and its sale at once: the refund is never left parked", async () => {
    const expected = await expectEveryRunToMatchSequential(
      () => referredCustomerFixture(database.db),
      (f) => [() => f.record({ externalId: "o1", amount: 10_000, occurredAt: at }), () => f.record(refund("r1", 2_500))],
      async (f) => {
        const [refundRow] = await database.db
          .select({ linked: transactions.refundsTransactionId })
          .from(transactions)
          .where(and(eq(transactions.shopId, f.shop.id), eq(transactions.externalId, "r1")));
        return { balance: await balanceOf(f.shop.id, f.partner.id), refundLinked: refundRow!.linked !== null };
      },
    );
    expect(expected).toMatchObject({ balance: { pending: 750 }, refundLinked: true });
  });

  it("a cancellation and a refund of one sale at once reverse the sale once", async () => {
    const { applyEvent } = await import("../../domain/ingest/apply-event");
    const expected = await expectEveryRunToMatchSequential(
      async () => {
        const f = await referredCustomerFixture(database.db);
        await f.record({ externalId: "o1", amount: 10_000, occurredAt: at });
        return f;
      },
      (f) => [
        () => f.record(refund("r1", 4_000)),
        () =>
          database.db.transaction((tx) =>
            applyEvent(tx, f.shop.id, "test", { type: "cancellation", saleExternalId: "o1", occurredAt: later(20).toISOString() }),
          ),
      ],
      async (f) => {
        const rows = await database.db
          .select({ amount: commissions.amount })
          .from(commissions)
          .where(and(eq(commissions.shopId, f.shop.id), eq(commissions.kind, "reversal")));
        return { balance: await balanceOf(f.shop.id, f.partner.id), reversed: rows.reduce((sum, r) => sum + r.amount, 0) };
      },
    );
    expect(expected).toMatchObject({ balance: { pending: 0 }, reversed: 1_000 });
  });

  it("a signup that binds the customer and an unattributed sale at once credit the sale exactly once", async () => {
    const expected = await expectEveryRunToMatchSequential(
      async () => {
        const shop = await createShop(database.db, { domain: `bind-${crypto.randomUUID()}.myshopify.com` });
        const { program } = await createProgram(database.db, shop.id, basicProgram);
        const { partner } = await createPartner(database.db, shop.id, { programId: program.id, email: "p@example.com", key: "BINDER", status: "active" });
        const { customer } = await trackCustomer(database.db, program, { key: "c1", email: "buyer@example.com", at });
        return { shop, program, partner, customer };
      },
      (s) => [
        () => trackCustomer(database.db, s.program, { key: "c1", referralKey: "binder", at: later(1) }),
        () =>
          recordTransaction(database.db, s.program, s.customer, {
            provider: "test",
            externalId: "o1",
            type: "sale",
            amount: 20_000,
            currency: "USD",
            occurredAt: later(5),
          }),
      ],
      async (s) => {
        const earned = await database.db.select({ amount: commissions.amount }).from(commissions).where(eq(commissions.shopId, s.shop.id));
        const [bound] = await database.db.select({ referrer: customers.referrerPartnerId }).from(customers).where(eq(customers.id, s.customer.id));
        return { earned: earned.map((c) => c.amount), boundToPartner: bound!.referrer === s.partner.id };
      },
    );
    expect(expected).toEqual({ earned: [2_000], boundToPartner: true });
  });

  it("two clicks of different partners at once in a last-click program bind the newer one", async () => {
    const expected = await expectEveryRunToMatchSequential(
      async () => {
        const shop = await createShop(database.db, { domain: `click-${crypto.randomUUID()}.myshopify.com` });
        const { program } = await createProgram(database.db, shop.id, { ...basicProgram, attribution: "last_click" });
        for (const key of ["OLDER", "NEWER"]) {
          await createPartner(database.db, shop.id, { programId: program.id, email: `${key}@example.com`, key, status: "active" });
        }
        return { shop, program };
      },
      (s) => [
        () => trackCustomer(database.db, s.program, { key: "c1", referralKey: "older", at: later(1) }),
        () => trackCustomer(database.db, s.program, { key: "c1", referralKey: "newer", at: later(2) }),
      ],
      async (s) => {
        const rows = await database.db
          .select({ key: customers.key, referrer: customers.referrerPartnerId })
          .from(customers)
          .where(eq(customers.shopId, s.shop.id));
        const { findPartnerById } = await import("../../domain/partners/find-partner");
        return Promise.all(rows.map(async (r) => ({ key: r.key, referrer: (await findPartnerById(database.db, s.shop.id, r.referrer!))?.key })));
      },
    );
    expect(expected).toEqual([{ key: "c1", referrer: "NEWER" }]);
  });

  it("a sale and a signup of a lead's email at once convert the lead once and credit its partner", async () => {
    const expected = await expectEveryRunToMatchSequential(
      async () => {
        const shop = await createShop(database.db, { domain: `lead-${crypto.randomUUID()}.myshopify.com` });
        const { program } = await createProgram(database.db, shop.id, { ...basicProgram, leadSubmission: true });
        const { partner } = await createPartner(database.db, shop.id, { programId: program.id, email: "p@example.com", key: "LEADER", status: "active" });
        await submitLead(database.db, shop.id, { programId: program.id, partnerKey: "LEADER", email: "Lead@Example.com" });
        const { customer } = await trackCustomer(database.db, program, { key: "c1", at });
        return { shop, program, partner, customer };
      },
      (s) => [
        () => trackCustomer(database.db, s.program, { key: "c1", email: "lead@example.com", at: later(1) }),
        () =>
          recordTransaction(database.db, s.program, s.customer, {
            provider: "test",
            externalId: "o1",
            type: "sale",
            amount: 5_000,
            currency: "USD",
            occurredAt: later(5),
          }),
      ],
      async (s) => {
        const leadRows = await database.db.select({ status: leads.status }).from(leads).where(eq(leads.shopId, s.shop.id));
        const earned = await database.db.select({ partnerId: commissions.partnerId }).from(commissions).where(eq(commissions.shopId, s.shop.id));
        return { leads: leadRows.map((l) => l.status), credited: earned.map((c) => c.partnerId === s.partner.id) };
      },
    );
    expect(expected).toEqual({ leads: ["converted"], credited: [true] });
  });
});

describe("the same transaction key sent at once over HTTP on PostgreSQL", () => {
  let app: RunningApp;
  let drop: () => Promise<void>;
  let call: ReturnType<typeof apiClient>;
  let programId: string;

  beforeAll(async () => {
    const target = await targetFor("postgres");
    drop = target.drop;
    app = await startTestApp({ database: target.target });
    const { key } = await shopWithKey(app.database.db, "same-key.myshopify.com");
    call = apiClient(app.url, key);
    const program = await call("POST", "/api/v1/programs", {
      name: "Keys",
      type: "affiliate",
      currency: "USD",
      cookie_days: 30,
      attribution: "last_click",
      hold_days: 30,
      payout_threshold: 0,
      auto_approve_partners: true,
      commission: { type: "percentage", percent: 10 },
    });
    programId = program.body.id;
    await call("POST", "/api/v1/partners", { program_id: programId, email: "p@example.com", key: "SAMEKEY" });
    await call("POST", "/api/v1/customers", { program_id: programId, key: "buyer", referral_key: "samekey" });
  });
  afterAll(async () => {
    await app?.close();
    await drop?.();
  });

  it("answers 201 once and 200 with the same result to the others, never 500", async () => {
    for (let run = 0; run < RUNS; run++) {
      const sale = { program_id: programId, customer_key: "buyer", key: `order-${run}`, type: "sale", amount: 10_000, currency: "USD" };
      const refund = { program_id: programId, customer_key: "buyer", key: `refund-${run}`, type: "refund", amount: 1_000, currency: "USD", refunds: `order-${run}` };
      const sales = await Promise.all([1, 2, 3, 4].map(() => call("POST", "/api/v1/transactions", sale)));
      const refunds = await Promise.all([1, 2, 3].map(() => call("POST", "/api/v1/transactions", refund)));
      for (const responses of [sales, refunds]) {
        expect(responses.map((r) => r.status).sort(), `run ${run}`).toEqual([...responses.slice(1).map(() => 200), 201]);
        expect(new Set(responses.map((r) => JSON.stringify(r.body))).size, `run ${run}`).toBe(1);
      }
      expect(sales[0]!.body.commissions).toMatchObject([{ amount: 1_000 }]);
      expect(refunds[0]!.body.commissions).toMatchObject([{ amount: 100 }]);
    }
  });
});
