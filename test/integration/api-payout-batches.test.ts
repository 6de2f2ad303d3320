import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKey } from "../../domain/access/create-api-key";
import type { RunningApp } from "../../runtime/start";
import { apiClient, shopWithKey } from "../helpers/api-client";
import { startTestApp } from "../helpers/app-server";
import { databaseKinds, targetFor } from "../helpers/databases";
import { referredCustomerFixture } from "../helpers/domain-fixture";
import { insertApprovedCommissions } from "../helpers/bulk-commissions";
import { waitFor } from "../helpers/wait-for";

describe.each(databaseKinds)("payout batches over HTTP on %s", (kind) => {
  let app: RunningApp;
  let drop: () => Promise<void>;
  let f: Awaited<ReturnType<typeof referredCustomerFixture>>;
  let api: ReturnType<typeof apiClient>;
  let other: ReturnType<typeof apiClient>;
  let key: string;

  beforeAll(async () => {
    const target = await targetFor(kind);
    drop = target.drop;
    app = await startTestApp({ database: target.target, worker: true });
    f = await referredCustomerFixture(app.database.db, { holdDays: 0 });
    key = (await createApiKey(app.database.db, f.shop.id)).key;
    api = apiClient(app.url, key);
    other = apiClient(app.url, (await shopWithKey(app.database.db, "other-payouts.myshopify.com")).key);
  });
  afterAll(async () => {
    await app?.close();
    await drop?.();
  });

  it("creates, lists, exports, fails and pays batches, each call scoped to the key's shop", async () => {
    expect(await api("POST", "/api/v1/payout-batches", {})).toEqual({
      status: 409,
      body: { error: { code: "conflict", message: "no partner has a USD balance at or above the program's payout threshold", field: "currency" } },
    });
    expect((await api("POST", "/api/v1/payout-batches", { currency: "usd" })).body.error).toMatchObject({ code: "validation_error", field: "currency" });
    expect((await api("POST", "/api/v1/payout-batches", { when: "now" })).body.error).toMatchObject({ code: "validation_error", field: "when" });

    await f.record({ externalId: "o1", amount: 10_000 });
    const created = await api("POST", "/api/v1/payout-batches", {});
    expect(created).toMatchObject({ status: 201, body: { currency: "USD", status: "draft", payout_count: 1, total_amount: 1_000, pending_count: 1 } });
    const id = created.body.id as string;
    expect((await api("GET", "/api/v1/payout-batches")).body.data.map((b: { id: string }) => b.id)).toEqual([id]);
    expect((await other("GET", "/api/v1/payout-batches")).body.data).toEqual([]);
    expect((await other("GET", `/api/v1/payout-batches/${id}`)).status).toBe(404);
    expect((await other("GET", `/api/v1/payout-batches/${id}/export?format=generic`)).status).toBe(404);

    const payouts = await api("GET", `/api/v1/payout-batches/${id}/payouts`);
    expect(payouts.body.data).toMatchObject([{ batch_id: id, partner_key: "PARTNER", amount: 1_000, currency: "USD", status: "pending" }]);
    const payoutId = payouts.body.data[0].id as string;

    expect((await api("GET", `/api/v1/payout-batches/${id}/export?format=xlsx`)).body.error).toMatchObject({ code: "validation_error", field: "format" });
    const response = await fetch(`${app.url}/api/v1/payout-batches/${id}/export?format=generic`, { headers: { authorization: `Bearer ${key}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toBe(`attachment; filename="payout-batch-${id}-generic.csv"`);
    expect(parse(await response.text(), { columns: true })).toMatchObject([{ payout_id: payoutId, partner_key: "PARTNER", amount: "10.00", amount_minor: "1000", currency: "USD" }]);
    expect((await api("GET", `/api/v1/payout-batches/${id}`)).body).toMatchObject({ status: "exported", exported_at: expect.any(String) });

    const failed = await api("POST", `/api/v1/payout-batches/${id}/payouts/${payoutId}/mark-failed`, { reference: "bounced" });
    expect(failed).toMatchObject({ status: 200, body: { id: payoutId, status: "failed", reference: "bounced", changed: true } });
    expect((await api("POST", `/api/v1/payout-batches/${id}/payouts/${payoutId}/mark-failed`, {})).body.changed).toBe(false);
    expect((await api("POST", `/api/v1/payout-batches/${id}/payouts/${payoutId}/mark-paid`, {})).status).toBe(409);
    expect((await api("GET", "/api/v1/partners/PARTNER/balance")).body.balances[0]).toMatchObject({ paid: 0, payable: 1_000 });

    const again = await api("POST", "/api/v1/payout-batches", { currency: "USD" });
    expect(again.body).toMatchObject({ payout_count: 1, total_amount: 1_000 });
    // Issue 17: the pending payout's rows are shown apart and are no longer payable, so nobody pays them by hand too.
    expect((await api("GET", "/api/v1/partners/PARTNER/balance")).body.balances[0]).toMatchObject({ approved: 1_000, paid: 0, in_payout: 1_000, payable: 0 });
    const upload = await fetch(`${app.url}/api/v1/payout-batches/${again.body.id}/paypal-results`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "text/csv" },
      body: "Transaction ID,Customer ID,Status\r\n5TY05013RG002845M,PARTNER,SUCCESS\r\n",
    });
    expect(await upload.json()).toEqual({ paid: 1, failed: 0, unchanged: 0, unmatched: [] });
    expect(await api("POST", `/api/v1/payout-batches/${again.body.id}/mark-paid`, {})).toMatchObject({ status: 200, body: { status: "paid", paid_count: 1, marked: 0 } });
    expect((await api("POST", `/api/v1/payout-batches/${again.body.id}/mark-paid`, {})).body).toMatchObject({ status: "paid", marked: 0 });
    expect((await other("POST", `/api/v1/payout-batches/${again.body.id}/mark-paid`, {})).status).toBe(404);
    expect((await api("GET", "/api/v1/partners/PARTNER/balance")).body.balances[0]).toMatchObject({ approved: 1_000, paid: 1_000, payable: 0 });
  });

  it("sets a partner's payout method as an object with its details", async () => {
    const paypal = await api("PATCH", "/api/v1/partners/PARTNER", { payout_method: { type: "paypal", email: "pp@example.com" } });
    expect(paypal.body).toMatchObject({ payout_method: "paypal", payout_details: { email: "pp@example.com" } });
    const wise = await api("PATCH", "/api/v1/partners/PARTNER", { payout_method: { type: "wise", email: "w@example.com", receiver_type: "BUSINESS" } });
    expect(wise.body).toMatchObject({ payout_method: "wise", payout_details: { email: "w@example.com", receiver_type: "BUSINESS" } });
    expect((await api("PATCH", "/api/v1/partners/PARTNER", { payout_method: { type: "store_credit" } })).body).toMatchObject({ payout_method: "store_credit", payout_details: {} });
    expect((await api("PATCH", "/api/v1/partners/PARTNER", { payout_method: { type: "paypal" } })).body.error).toMatchObject({ code: "validation_error", field: "payout_method.email" });
    expect((await api("PATCH", "/api/v1/partners/PARTNER", { payout_method: { type: "crypto" } })).status).toBe(400);
    expect((await api("PATCH", "/api/v1/partners/PARTNER", { payout_method: { type: "manual" }, payout_details: { a: "b" } })).body.error).toMatchObject({ field: "payout_details" });
  });

  it("sets, lists and deletes payout schedules", async () => {
    const set = await api("POST", "/api/v1/payout-batches/schedules", { every_days: 14, next_run_at: "2031-01-05T09:00:00Z" });
    expect(set).toEqual({ status: 200, body: { currency: "USD", every_days: 14, next_run_at: "2031-01-05T09:00:00.000Z", last_run_at: null, last_batch_id: null } });
    expect((await api("GET", "/api/v1/payout-batches/schedules")).body.data).toEqual([set.body]);
    expect((await other("GET", "/api/v1/payout-batches/schedules")).body.data).toEqual([]);
    expect((await api("POST", "/api/v1/payout-batches/schedules", { every_days: 0 })).body.error).toMatchObject({ code: "validation_error", field: "every_days" });
    expect((await other("DELETE", "/api/v1/payout-batches/schedules/USD")).status).toBe(404);
    expect((await api("DELETE", "/api/v1/payout-batches/schedules/USD")).status).toBe(204);
    expect((await api("GET", "/api/v1/payout-batches/schedules")).body.data).toEqual([]);
  });

  it("creates a large batch as a job whose progress and result the API shows", async () => {
    await insertApprovedCommissions(app.database.db, { shopId: f.shop.id, programId: f.program.id, partners: 300, perPartner: 2, amount: 500, currency: "USD", method: "wise" });
    const queued = await api("POST", "/api/v1/payout-batches/jobs", { currency: "USD" });
    expect(queued).toMatchObject({ status: 202, body: { id: expect.stringMatching(/^create-payout-batch-/), state: "waiting" } });
    const path = `/api/v1/payout-batches/jobs/${queued.body.id}`;
    const done = await waitFor(() => api("GET", path), (r) => r.body.state === "completed", 30_000);
    expect(done.body).toMatchObject({ type: "create-payout-batch", state: "completed", progress: { done: 300, total: 300 }, result: { payouts: 300 }, error: null });
    expect((await api("GET", `/api/v1/payout-batches/${done.body.batch_id}`)).body).toMatchObject({ status: "draft", payout_count: 300, total_amount: 300_000 });
    expect((await other("GET", path)).status).toBe(404);
    expect((await api("GET", "/api/v1/payout-batches/jobs/create-payout-batch-nope")).status).toBe(404);
  }, 60_000);
});
