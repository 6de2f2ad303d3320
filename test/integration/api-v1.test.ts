import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningApp } from "../../runtime/start";
import { apiClient, shopWithKey, type Json } from "../helpers/api-client";
import { startTestApp } from "../helpers/app-server";
import { databaseKinds, targetFor } from "../helpers/databases";

const program = {
  name: "Creators",
  type: "affiliate",
  currency: "USD",
  cookie_days: 30,
  attribution: "last_click",
  hold_days: 30,
  payout_threshold: 5000,
  commission: { type: "percentage", percent: 10 },
  recurring: { percent: 5, max_payments: 3 },
  lead_submission: true,
  auto_approve_partners: true,
};

describe.each(databaseKinds)("REST API v1 over HTTP on %s", (kind) => {
  let app: RunningApp;
  let drop: () => Promise<void>;
  let a: ReturnType<typeof apiClient>;
  let b: ReturnType<typeof apiClient>;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    const target = await targetFor(kind);
    drop = target.drop;
    app = await startTestApp({ database: target.target });
    const shopA = await shopWithKey(app.database.db, "shop-a.myshopify.com");
    const shopB = await shopWithKey(app.database.db, "shop-b.myshopify.com");
    a = apiClient(app.url, shopA.key);
    b = apiClient(app.url, shopB.key);
  });
  afterAll(async () => {
    await app?.close();
    await drop?.();
  });

  describe("authentication", () => {
    it.each([
      [null, "send an API key as Authorization: Bearer <key>"],
      ["ahk_not_a_real_key", "the API key is not valid"],
    ])("answers 401 to key %s", async (key, message) => {
      const response = await apiClient(app.url, key)("GET", "/api/v1/programs");
      expect(response).toEqual({ status: 401, body: { error: { code: "unauthorized", message, field: "authorization" } } });
    });
  });

  describe("programs", () => {
    it("creates a program with its commission rule", async () => {
      const response = await a("POST", "/api/v1/programs", program);
      expect(response.status).toBe(201);
      expect(response.body).toMatchObject({
        name: "Creators",
        type: "affiliate",
        currency: "USD",
        cookie_days: 30,
        hold_days: 30,
        payout_threshold: 5000,
        commission: { type: "percentage", percent: 10 },
        recurring: { percent: 5, max_payments: 3 },
        rule_version: 1,
      });
      ids.program = response.body.id;
    });

    it.each([
      [{ ...program, commission: { type: "percentage", percent: 120 } }, "commission.percent"],
      [{ ...program, commission: { type: "percentage", percent: 10.123 } }, "commission.percent"],
      [{ ...program, commission: { type: "fixed", amount: 9.99 } }, "commission.amount"],
      [{ ...program, type: "pyramid" }, "type"],
      [{ ...program, currency: "dollars" }, "currency"],
      [{ ...program, colour: "blue" }, "colour"],
      [{ ...program, tiers: [{ threshold_amount: 100, threshold_count: 2, percent: 5 }] }, "tiers.0.threshold_amount"],
      [{ ...program, name: undefined }, "name"],
      [{ ...program, product_overrides: [{ product_id: "p1", collection_id: "c1", percent: 5 }] }, "product_overrides.0.product_id"],
      [{ ...program, product_overrides: [{ product_id: "p1" }] }, "product_overrides.0.percent"],
    ])("rejects %j with 400 naming %s", async (body, field) => {
      const response = await a("POST", "/api/v1/programs", body);
      expect(response.status).toBe(400);
      expect(response.body.error).toMatchObject({ code: "validation_error", field });
      expect(response.body.error.message).toContain(field);
    });

    it("rejects a body that is not JSON", async () => {
      const response = await a("POST", "/api/v1/programs", undefined, "{not json");
      expect(response).toEqual({ status: 400, body: { error: { code: "invalid_json", message: "the body is not valid JSON", field: null } } });
    });

    it("reads, edits (bumping the rule version) and lists programs with a cursor", async () => {
      expect((await a("GET", `/api/v1/programs/${ids.program}`)).body.name).toBe("Creators");
      const patched = await a("PATCH", `/api/v1/programs/${ids.program}`, { hold_days: 0, commission: { type: "percentage", percent: 12.5 } });
      expect(patched.status).toBe(200);
      expect(patched.body).toMatchObject({ hold_days: 0, commission: { percent: 12.5 }, rule_version: 2 });
      expect((await a("PATCH", `/api/v1/programs/${ids.program}`, { currency: "EUR" })).body.error.field).toBe("currency");

      await a("POST", "/api/v1/programs", { ...program, name: "Second" });
      const first = await a("GET", "/api/v1/programs?limit=1");
      expect(first.body.data).toHaveLength(1);
      expect(first.body.next_cursor).toEqual(expect.any(String));
      const second = await a("GET", `/api/v1/programs?limit=1&cursor=${first.body.next_cursor}`);
      expect(second.body.data.map((p: Json) => p.name)).toEqual(["Second"]);
      expect(second.body.next_cursor).toBeNull();
      expect((await a("GET", "/api/v1/programs?limit=251")).body.error.field).toBe("limit");
      expect((await a("GET", "/api/v1/programs?cursor=garbage")).body.error.field).toBe("cursor");
    });
  });

  describe("partners, coupons, clicks, customers, transactions, leads, commissions", () => {
    it("creates a partner with a key and links, and refuses a taken key with 409", async () => {
      const response = await a("POST", "/api/v1/partners", { program_id: ids.program, email: "Ava@Example.com", name: "Ava", key: "AVA" });
      expect(response.status).toBe(201);
      expect(response.body).toMatchObject({ key: "AVA", status: "active", links: [{ key: "AVA", url: "https://shop-a.myshopify.com/?ref=AVA" }] });
      const generated = await a("POST", "/api/v1/partners", { program_id: ids.program, email: "noah@example.com", name: "Noah" });
      expect(generated.body.key).toMatch(/^NOAH-[A-Z2-9]{4}$/);
      ids.noah = generated.body.key;
      const taken = await a("POST", "/api/v1/partners", { program_id: ids.program, email: "other@example.com", key: "AVA" });
      expect(taken).toMatchObject({ status: 409, body: { error: { code: "conflict", field: "key" } } });
      const missingProgram = await a("POST", "/api/v1/partners", { program_id: "00000000-0000-4000-8000-000000000000", email: "x@example.com" });
      expect(missingProgram).toMatchObject({ status: 404, body: { error: { code: "not_found", field: "program_id" } } });
    });

    it("reads, lists and edits partners", async () => {
      expect((await a("GET", "/api/v1/partners/AVA")).body.email).toBe("Ava@Example.com");
      expect((await a("GET", "/api/v1/partners")).body.data).toHaveLength(2);
      expect((await a("GET", "/api/v1/partners?search=noah")).body.data.map((p: Json) => p.key)).toEqual([ids.noah]);
      expect((await a("GET", "/api/v1/partners?search=ava%40example")).body.data.map((p: Json) => p.key)).toEqual(["AVA"]);
      const patched = await a("PATCH", `/api/v1/partners/${ids.noah}`, {
        group: "VIP",
        payout_method: "paypal",
        payout_details: { email: "noah@paypal.example" },
        commission: { type: "fixed", amount: 700, per: "order" },
      });
      expect(patched.body).toMatchObject({ group: "VIP", payout_method: "paypal", payout_details: { email: "noah@paypal.example" } });
      expect((await a("PATCH", "/api/v1/partners/AVA", { status: "frozen" })).body.error.field).toBe("status");
      const group = await a("POST", "/api/v1/groups", { program_id: ids.program, name: "Gold", commission: { type: "percentage", percent: 30 } });
      expect(group).toMatchObject({ status: 201, body: { name: "Gold", has_rule: true } });
      expect((await a("POST", "/api/v1/groups", { program_id: ids.program, name: "Gold", commission: null })).body.has_rule).toBe(false);
      expect((await a("POST", "/api/v1/groups", { program_id: ids.program, name: "Gold" })).body.error.field).toBe("commission");
      expect((await a("GET", "/api/v1/partners/NOBODY")).status).toBe(404);
    });

    it("registers a partner coupon and refuses a duplicate code", async () => {
      const response = await a("POST", "/api/v1/coupons", { program_id: ids.program, partner_key: "AVA", code: "ava10" });
      expect(response).toMatchObject({ status: 201, body: { code: "ava10", partner_key: "AVA" } });
      expect((await a("POST", "/api/v1/coupons", { program_id: ids.program, partner_key: ids.noah, code: "AVA10" })).status).toBe(409);
    });

    it("tracks clicks server-side", async () => {
      const response = await a("POST", "/api/v1/clicks", { referral_key: "AVA", url: "https://shop-a.example/?ref=AVA", visitor_id: "v1" });
      expect(response.status).toBe(201);
      ids.click = response.body.id;
      expect((await a("POST", "/api/v1/clicks", { referral_key: "NOPE", url: "https://x.example/" })).body.error.field).toBe("referral_key");
    });

    it("binds customers by referral key, coupon and click, reporting the evidence", async () => {
      const byKey = await a("POST", "/api/v1/customers", { program_id: ids.program, key: "cust-1", email: "c1@example.com", referral_key: "AVA" });
      expect(byKey).toMatchObject({ status: 201, body: { referrer: "AVA", source: "link", attribution: { attributed: true, evidence: "referral_key" } } });
      const byCoupon = await a("POST", "/api/v1/customers", { program_id: ids.program, key: "cust-2", coupon: "AVA10" });
      expect(byCoupon.body).toMatchObject({ referrer: "AVA", source: "coupon" });
      const byClick = await a("POST", "/api/v1/customers", { program_id: ids.program, key: "cust-3", click_id: ids.click });
      expect(byClick.body).toMatchObject({ referrer: "AVA", source: "link" });
      const self = await a("POST", "/api/v1/customers", { program_id: ids.program, key: "cust-4", email: "ava@example.com", referral_key: "AVA" });
      expect(self.body).toMatchObject({ referrer: null, attribution: { attributed: false, reason: "self_referral" } });
      const again = await a("POST", "/api/v1/customers", { program_id: ids.program, key: "cust-2", referral_key: ids.noah });
      expect(again).toMatchObject({ status: 200, body: { referrer: ids.noah } }); // last click: a newer click rebinds
      expect((await a("GET", "/api/v1/customers")).body.data).toHaveLength(4);
    });

    it("keeps the first binding for life in a first-click program", async () => {
      const friends = await a("POST", "/api/v1/programs", { ...program, name: "Friends", type: "referral", attribution: "first_click" });
      await a("POST", "/api/v1/partners", { program_id: friends.body.id, email: "f1@example.com", key: "FRIEND1" });
      await a("POST", "/api/v1/partners", { program_id: friends.body.id, email: "f2@example.com", key: "FRIEND2" });
      expect((await a("POST", "/api/v1/customers", { program_id: friends.body.id, key: "friend-c", referral_key: "FRIEND1" })).body.referrer).toBe("FRIEND1");
      const later = await a("POST", "/api/v1/customers", { program_id: friends.body.id, key: "friend-c", referral_key: "FRIEND2" });
      expect(later).toMatchObject({ status: 200, body: { referrer: "FRIEND1" } });
    });

    it("records a sale once with its commission, and answers a repeat with 200 and the same result", async () => {
      const sale = { program_id: ids.program, customer_key: "cust-1", key: "order-1", type: "sale", amount: 10_000, currency: "USD" };
      const first = await a("POST", "/api/v1/transactions", sale);
      expect(first.status).toBe(201);
      expect(first.body.attribution).toMatchObject({ attributed: true, evidence: "customer_binding" });
      expect(first.body.commissions).toMatchObject([{ amount: 1250, currency: "USD", status: "approved", rule: { percentBasisPoints: 1250, version: 2 } }]);
      const repeat = await a("POST", "/api/v1/transactions", sale);
      expect(repeat.status).toBe(200);
      expect(repeat.body).toEqual(first.body);
      const changed = await a("POST", "/api/v1/transactions", { ...sale, amount: 9_999 });
      expect(changed).toMatchObject({ status: 409, body: { error: { code: "conflict", field: "key" } } });
      expect((await a("POST", "/api/v1/transactions", { ...sale, key: "order-x", currency: "EUR" })).body.error.field).toBe("currency");
      expect((await a("POST", "/api/v1/transactions", { ...sale, key: "order-y", customer_key: "nobody" })).body.error).toMatchObject({ code: "not_found", field: "customer_key" });
      expect((await a("POST", "/api/v1/transactions", { ...sale, key: "order-z", type: "refund" })).body.error.field).toBe("refunds");
      ids.commission = first.body.commissions[0].id;
    });

    it("reverses in proportion on a partial refund, and pays renewals up to the recurring limit", async () => {
      const refund = await a("POST", "/api/v1/transactions", {
        program_id: ids.program, customer_key: "cust-1", key: "refund-1", type: "refund", amount: 2_500, currency: "USD", refunds: "order-1",
      });
      expect(refund.status).toBe(201);
      expect(refund.body.commissions).toMatchObject([{ kind: "reversal", amount: 313, reverses_commission_id: ids.commission }]);
      const balance = await a("GET", "/api/v1/partners/AVA/balance");
      expect(balance.body).toEqual({ balances: [{ currency: "USD", pending: 0, approved: 1250, reversed: 313, paid: 0, in_payout: 0, payable: 937 }] });

      const renewals = [];
      for (const n of [2, 3, 4]) {
        const day = String(n).padStart(2, "0");
        renewals.push(
          await a("POST", "/api/v1/transactions", {
            program_id: ids.program, customer_key: "cust-1", key: `renewal-${n}`, type: "renewal", amount: 2_000, currency: "USD", occurred_at: `2099-01-${day}T00:00:00Z`,
          }),
        );
      }
      // max_payments 3: the sale is payment 1, renewals 2 and 3 earn 5 %, the 4th payment earns nothing.
      expect(renewals.map((r) => r.body.commissions.map((c: Json) => c.amount))).toEqual([[100], [100], []]);
    });

    it("converts a lead when the same email signs up, and lets the merchant reject one", async () => {
      const lead = await a("POST", "/api/v1/leads", { program_id: ids.program, partner_key: ids.noah, email: "Lead@Example.com", name: "Lee" });
      expect(lead).toMatchObject({ status: 201, body: { status: "pending" } });
      const signup = await a("POST", "/api/v1/customers", { program_id: ids.program, key: "cust-lead", email: "LEAD@example.com" });
      expect(signup.body).toMatchObject({ referrer: ids.noah, source: "lead" });
      const other = await a("POST", "/api/v1/leads", { program_id: ids.program, partner_key: ids.noah, email: "maybe@example.com" });
      const rejected = await a("PATCH", `/api/v1/leads/${other.body.id}`, { status: "rejected" });
      expect(rejected.body.status).toBe("rejected");
      expect((await a("PATCH", `/api/v1/leads/${lead.body.id}`, { status: "rejected" })).status).toBe(409);
      expect((await a("PATCH", `/api/v1/leads/${other.body.id}`, { status: "converted" })).body.error.field).toBe("status");
    });

    it("compares referral keys case-insensitively: a key differing only in case is taken, lookups ignore case", async () => {
      const taken = await a("POST", "/api/v1/partners", { program_id: ids.program, email: "lower@example.com", key: "ava" });
      expect(taken).toMatchObject({ status: 409, body: { error: { code: "conflict", field: "key" } } });
      expect((await a("GET", "/api/v1/partners/ava")).body.key).toBe("AVA");
      const signup = await a("POST", "/api/v1/customers", { program_id: ids.program, key: "case-1", referral_key: "aVa" });
      expect(signup.body).toMatchObject({ referrer: "AVA", source: "link" });
    });

    it("credits a sale recorded before the signup that binds its customer, as in-order delivery would", async () => {
      await a("POST", "/api/v1/customers", { program_id: ids.program, key: "late-1", occurred_at: "2098-12-31T00:00:00Z" });
      const sale = { program_id: ids.program, customer_key: "late-1", key: "order-late", type: "sale", amount: 8_000, currency: "USD", occurred_at: "2099-02-01T00:00:00Z" };
      const before = await a("POST", "/api/v1/transactions", sale);
      expect(before.body).toMatchObject({ attribution: { attributed: false, reason: "no_evidence" }, commissions: [] });
      const signup = await a("POST", "/api/v1/customers", { program_id: ids.program, key: "late-1", referral_key: "AVA", occurred_at: "2099-01-15T00:00:00Z" });
      expect(signup).toMatchObject({ status: 200, body: { referrer: "AVA", source: "link" } });
      const after = await a("POST", "/api/v1/transactions", sale);
      expect(after).toMatchObject({ status: 200, body: { attribution: { attributed: true, evidence: "customer_binding" }, commissions: [{ amount: 1_000 }] } });
    });

    it("prices product and collection lines at their override rates, set and replaced through the program", async () => {
      const created = await a("POST", "/api/v1/programs", {
        name: "Overrides", type: "affiliate", currency: "USD", hold_days: 0, auto_approve_partners: true,
        commission: { type: "percentage", percent: 10 },
        product_overrides: [{ product_id: "sku-premium", percent: 25 }, { collection_id: "sale", amount: 50 }],
      });
      expect(created.body.product_overrides).toEqual([{ product_id: "sku-premium", percent: 25 }, { collection_id: "sale", amount: 50 }]);
      await a("POST", "/api/v1/partners", { program_id: created.body.id, email: "ov@example.com", key: "OVERRIDER" });
      await a("POST", "/api/v1/customers", { program_id: created.body.id, key: "ov-buyer", referral_key: "OVERRIDER" });
      const sale = await a("POST", "/api/v1/transactions", {
        program_id: created.body.id, customer_key: "ov-buyer", key: "ov-1", type: "sale", amount: 30_000, currency: "USD",
        products: [
          { id: "sku-premium", quantity: 1, amount: 10_000 },
          { id: "sku-tee", collection_ids: ["sale"], quantity: 2, amount: 10_000 },
          { id: "sku-mug", quantity: 1, amount: 10_000 },
        ],
      });
      // 25 % of 100.00 + 0.50 per sale item x 2 + 10 % of the other 100.00
      expect(sale.body.commissions).toMatchObject([{ amount: 2_500 + 100 + 1_000 }]);
      const patched = await a("PATCH", `/api/v1/programs/${created.body.id}`, { product_overrides: [] });
      expect(patched.body).toMatchObject({ product_overrides: [], rule_version: 2 });
    });

    it("lists, approves and rejects commissions", async () => {
      const sale = await a("POST", "/api/v1/transactions", { program_id: ids.program, customer_key: "cust-lead", key: "order-lead", type: "sale", amount: 5_000, currency: "USD" });
      expect(sale.body.commissions).toMatchObject([{ amount: 700, status: "approved" }]); // Noah's own fixed rule
      const list = await a("GET", `/api/v1/commissions?partner_key=${ids.noah}&status=approved`);
      expect(list.body.data.map((c: Json) => c.amount)).toEqual([700]);
      const id = list.body.data[0].id;
      expect((await a("POST", `/api/v1/commissions/${id}/approve`)).body.status).toBe("approved");
      expect((await a("POST", `/api/v1/commissions/${id}/reject`)).body.status).toBe("rejected");
      expect((await a("POST", `/api/v1/commissions/${id}/approve`)).body.error).toMatchObject({ code: "conflict", field: "status" });
      expect((await a("GET", "/api/v1/commissions?status=lost")).body.error.field).toBe("status");
    });
  });

  describe("shop isolation: a key of shop B sees none of shop A", () => {
    it.each([
      ["GET", () => `/api/v1/programs/${ids.program}`, undefined],
      ["PATCH", () => `/api/v1/programs/${ids.program}`, { name: "mine now" }],
      ["GET", () => "/api/v1/partners/AVA", undefined],
      ["PATCH", () => "/api/v1/partners/AVA", { status: "suspended" }],
      ["GET", () => "/api/v1/partners/AVA/balance", undefined],
      ["POST", () => "/api/v1/partners", () => ({ program_id: ids.program, email: "spy@example.com" })],
      ["POST", () => "/api/v1/coupons", () => ({ program_id: ids.program, partner_key: "AVA", code: "SPY" })],
      ["POST", () => "/api/v1/clicks", { referral_key: "AVA", url: "https://x.example/" }],
      ["POST", () => "/api/v1/customers", () => ({ program_id: ids.program, key: "spy" })],
      ["POST", () => "/api/v1/transactions", () => ({ program_id: ids.program, customer_key: "cust-1", key: "spy", type: "sale", amount: 1, currency: "USD" })],
      ["POST", () => "/api/v1/leads", () => ({ program_id: ids.program, partner_key: "AVA", email: "spy@example.com" })],
      ["POST", () => "/api/v1/groups", () => ({ program_id: ids.program, name: "Spies", commission: null })],
      ["POST", () => `/api/v1/commissions/${ids.commission}/approve`, undefined],
      ["POST", () => `/api/v1/commissions/${ids.commission}/reject`, undefined],
      ["GET", () => "/api/v1/commissions?partner_key=AVA", undefined],
    ])("%s %s -> 404", async (method, path, body) => {
      const response = await b(method, path(), typeof body === "function" ? body() : body);
      expect(response.status).toBe(404);
      expect(response.body.error.code).toBe("not_found");
    });

    it.each(["/api/v1/programs", "/api/v1/partners", "/api/v1/customers", "/api/v1/commissions"])("GET %s lists nothing of shop A", async (path) => {
      expect((await b("GET", path)).body).toEqual({ data: [], next_cursor: null });
    });

    it("left shop A's data unchanged", async () => {
      expect((await a("GET", "/api/v1/partners/AVA")).body.status).toBe("active");
      expect((await a("GET", `/api/v1/commissions/`)).status).toBe(200);
    });
  });
});
