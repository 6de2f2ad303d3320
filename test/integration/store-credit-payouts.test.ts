import { eq } from "drizzle-orm";
import { http, HttpResponse } from "msw";
import { setupServer } from "msw/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { customerExternalIds, partners, payouts, shopifySessions } from "../../db/schema/index";
import type { Database } from "../../db/client";
import { createApiKey } from "../../domain/access/create-api-key";
import { trackCustomer } from "../../domain/customers/track-customer";
import { createPartner } from "../../domain/partners/create-partner";
import { createPayoutBatch } from "../../domain/payouts/create-payout-batch";
import { payStoreCreditPayouts } from "../../domain/payouts/pay-store-credit-payouts";
import { recordTransaction } from "../../domain/transactions/record-transaction";
import type { RunningApp } from "../../runtime/start";
import { apiClient } from "../helpers/api-client";
import { startTestApp } from "../helpers/app-server";
import { databaseKinds, targetFor } from "../helpers/databases";
import { referredCustomerFixture } from "../helpers/domain-fixture";
import { waitFor } from "../helpers/wait-for";

type Fixture = Awaited<ReturnType<typeof referredCustomerFixture>>;

/** A store-credit partner with a sale of `amount`, linked (or not) to a Shopify customer id. */
async function storeCreditPartner(db: Database, f: Fixture, key: string, amount: number, shopifyCustomerId: string | null) {
  const { partner } = await createPartner(db, f.shop.id, { programId: f.program.id, email: `${key.toLowerCase()}@example.com`, key, status: "active" });
  const { customer: buyer } = await trackCustomer(db, f.program, { key: `buyer-${key}`, referralKey: key });
  await recordTransaction(db, f.program, buyer, { provider: "test", type: "sale", currency: "USD", externalId: `sale-${key}`, amount });
  const { customer: own } = await trackCustomer(db, f.program, { key: `own-${key}` });
  await db.update(partners).set({ payoutMethod: "store_credit", customerId: own.id }).where(eq(partners.id, partner.id));
  if (shopifyCustomerId) await db.insert(customerExternalIds).values({ shopId: f.shop.id, customerId: own.id, provider: "shopify", externalId: shopifyCustomerId });
  return partner;
}

const graphqlCalls: { token: string | null; variables: Record<string, unknown> }[] = [];
const mockShopify = setupServer(
  http.post("https://:shop/admin/api/2026-04/graphql.json", async ({ request }) => {
    const body = (await request.json()) as { query: string; variables: { id: string } };
    graphqlCalls.push({ token: request.headers.get("x-shopify-access-token"), variables: body.variables });
    if (!body.query.includes("storeCreditAccountCredit(id: $id, creditInput: $creditInput)")) return HttpResponse.json({ errors: [{ message: "unexpected query" }] });
    if (body.variables.id === "gid://shopify/Customer/7003") {
      return HttpResponse.json({ data: { storeCreditAccountCredit: { storeCreditAccountTransaction: null, userErrors: [{ field: ["id"], message: "Owner does not exist", code: "ACCOUNT_NOT_FOUND" }] } } });
    }
    return HttpResponse.json({ data: { storeCreditAccountCredit: { storeCreditAccountTransaction: { id: `gid://shopify/StoreCreditAccountCreditTransaction/${body.variables.id.split("/").at(-1)}01` }, userErrors: [] } } });
  }),
);

describe.each(databaseKinds)("store credit payouts on %s", (kind) => {
  let app: RunningApp;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    mockShopify.listen({ onUnhandledFrame: "bypass" });
    const target = await targetFor(kind);
    drop = target.drop;
    app = await startTestApp({ database: target.target, worker: true });
  });
  afterAll(async () => {
    mockShopify.close();
    await app?.close();
    await drop?.();
  });

  it("credits each store-credit payout through storeCreditAccountCredit, recording Shopify's transaction id", async () => {
    const db = app.database.db;
    const f = await referredCustomerFixture(db, { holdDays: 0 });
    const linked = await storeCreditPartner(db, f, "CREDIT1", 10_000, "7001");
    const unlinked = await storeCreditPartner(db, f, "CREDIT2", 20_000, null);
    const refused = await storeCreditPartner(db, f, "CREDIT3", 30_000, "7003");
    await db.insert(shopifySessions).values({ id: `offline_${f.shop.domain}`, shop: f.shop.domain, state: "", isOnline: false, accessToken: "shpat_offline_token" });
    const { batch } = (await createPayoutBatch(db, f.shop.id, "USD"))!;
    const api = apiClient(app.url, (await createApiKey(db, f.shop.id)).key);
    graphqlCalls.length = 0;

    const queued = await api("POST", `/api/v1/payout-batches/${batch.id}/pay-store-credit`);
    expect(queued).toMatchObject({ status: 202, body: { id: expect.stringMatching(/^pay-store-credit-batch-/) } });
    const done = await waitFor(() => api("GET", `/api/v1/payout-batches/jobs/${queued.body.id}`), (r) => ["completed", "failed"].includes(r.body.state), 30_000);
    expect(done.body).toMatchObject({ type: "pay-store-credit-batch", state: "completed", batch_id: batch.id, result: { paid: 1, failed: 2, inFlight: 0 }, progress: { done: 3, total: 3 } });

    expect(graphqlCalls.sort((a, b) => String(a.variables.id).localeCompare(String(b.variables.id)))).toEqual([
      { token: "shpat_offline_token", variables: { id: "gid://shopify/Customer/7001", creditInput: { creditAmount: { amount: "10.00", currencyCode: "USD" } } } },
      { token: "shpat_offline_token", variables: { id: "gid://shopify/Customer/7003", creditInput: { creditAmount: { amount: "30.00", currencyCode: "USD" } } } },
    ]);
    const rows = await db.select().from(payouts).where(eq(payouts.batchId, batch.id));
    const of = (partnerId: string) => rows.find((p) => p.partnerId === partnerId)!;
    expect(of(linked.id)).toMatchObject({ status: "paid", externalReference: "gid://shopify/StoreCreditAccountCreditTransaction/700101" });
    expect(of(unlinked.id)).toMatchObject({ status: "failed", externalReference: "no Shopify customer is linked to this partner" });
    expect(of(refused.id)).toMatchObject({ status: "failed", externalReference: "store credit refused: Owner does not exist" });
  }, 60_000);

  it("never credits twice: a payout whose call had an unknown outcome is left in flight", async () => {
    const db = app.database.db;
    const f = await referredCustomerFixture(db, { holdDays: 0 });
    const partner = await storeCreditPartner(db, f, "FLAKY", 10_000, "7009");
    const { batch } = (await createPayoutBatch(db, f.shop.id, "USD"))!;
    await expect(payStoreCreditPayouts(db, f.shop.id, batch.id, async () => Promise.reject(new Error("socket hang up")))).rejects.toThrow("socket hang up");
    let calls = 0;
    expect(await payStoreCreditPayouts(db, f.shop.id, batch.id, async () => `gid://x/${++calls}`)).toEqual({ paid: 0, failed: 0, inFlight: 1 });
    expect(calls).toBe(0);
    const [row] = await db.select().from(payouts).where(eq(payouts.partnerId, partner.id));
    expect(row).toMatchObject({ status: "pending", externalReference: "store-credit:in-flight" });
  });
});
