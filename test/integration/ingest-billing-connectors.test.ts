import { currentSecretBoxOrThrow } from "../../runtime/current-secret-box";
import { readFileSync } from "node:fs";
import { and, count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { commissions, customers, inboundEvents, leads, newsletterSubscriptions, partners, transactions } from "../../db/schema/index";
import { createProviderConnection } from "../../domain/access/create-provider-connection";
import { createPartner } from "../../domain/partners/create-partner";
import { createProgram } from "../../domain/programs/create-program";
import type { RunningApp } from "../../runtime/start";
import { apiClient, shopWithKey } from "../helpers/api-client";
import { startTestApp } from "../helpers/app-server";
import { chargebeeBasicAuth, chargebeeEvent } from "../helpers/chargebee-auth";
import { databaseKinds, targetFor } from "../helpers/databases";
import { paddleEvent, signPaddlePayload } from "../helpers/paddle-signer";
import { headerHmac, standardWebhooksHeaders, standardWebhooksSecret } from "../helpers/standard-webhooks-signer";
import { waitFor } from "../helpers/wait-for";

type Json = Record<string, unknown>;
const paddleData = (name: string, changes: Json = {}): Json => ({
  ...JSON.parse(readFileSync(new URL(`../../../shared/fixtures/paddle/${name}.data.json`, import.meta.url), "utf8")),
  ...changes,
});
const nowSeconds = () => Math.floor(Date.now() / 1000);
const PADDLE_SECRET = "pdl_ntfset_01e2e_secret_for_paddle";
const CHARGEBEE_SECRET = "hooks:chargebee-e2e-password";

describe.each(databaseKinds)("billing connectors end to end on %s", (kind) => {
  let app: RunningApp;
  let drop: () => Promise<void>;
  let shopId: string;
  let api: ReturnType<typeof apiClient>;
  let affiliateId: string;
  let newsletterId: string;
  let noahId: string;
  const connections: Record<string, string> = {};

  const post = (provider: string, body: string, headers: Record<string, string>, connectionId = connections[provider]!) =>
    fetch(`${app.url}/webhooks/billing/${provider}/${connectionId}`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body });
  const postPaddle = (event: Json, options: { ts?: number; secret?: string } = {}) => {
    const body = JSON.stringify(event);
    return post("paddle", body, { "Paddle-Signature": signPaddlePayload(body, options.secret ?? PADDLE_SECRET, options.ts) });
  };
  const postChargebee = (event: Json, credentials: string | null = CHARGEBEE_SECRET) =>
    post("chargebee", JSON.stringify(event), credentials === null ? {} : { Authorization: chargebeeBasicAuth(credentials) });
  const stored = async () => (await app.database.db.select({ n: count() }).from(inboundEvents))[0]!.n;
  const processed = (externalId: string) =>
    waitFor(
      () => app.database.db.select().from(inboundEvents).where(eq(inboundEvents.externalId, externalId)),
      (rows) => rows.length > 0 && rows.every((row) => row.processedAt != null || row.abandonedAt != null),
    );
  const saleOf = async (provider: string, externalId: string) => {
    const [sale] = await app.database.db.select().from(transactions).where(and(eq(transactions.shopId, shopId), eq(transactions.provider, provider), eq(transactions.externalId, externalId)));
    const earned = sale ? await app.database.db.select().from(commissions).where(eq(commissions.transactionId, sale.id)) : [];
    return { sale, earned };
  };
  const reversalsOf = async (commissionId: string) => app.database.db.select().from(commissions).where(eq(commissions.reversesCommissionId, commissionId));

  beforeAll(async () => {
    const target = await targetFor(kind);
    drop = target.drop;
    app = await startTestApp({ database: target.target, worker: true });
    const { shop, key } = await shopWithKey(app.database.db, `billing-${kind}.myshopify.com`);
    shopId = shop.id;
    api = apiClient(app.url, key);
    const { program } = await createProgram(app.database.db, shop.id, {
      name: "Affiliates", type: "affiliate", currency: "USD", cookieDays: 30, attribution: "last_click", holdDays: 0, payoutThreshold: 0,
      commission: { kind: "percentage", percentBasisPoints: 1000 }, recurring: { maxPayments: 12 }, leadSubmission: true,
    });
    affiliateId = program.id;
    const { program: newsletter } = await createProgram(app.database.db, shop.id, {
      name: "Newsletter referrals", type: "newsletter", currency: "USD", cookieDays: null, attribution: "first_click", holdDays: 0, payoutThreshold: 0,
      commission: { kind: "fixed", amount: 0, per: "order" },
    });
    newsletterId = newsletter.id;
    await createPartner(app.database.db, shop.id, { programId: program.id, email: "ava@example.com", key: "AVA", status: "active" });
    noahId = (await createPartner(app.database.db, shop.id, { programId: program.id, email: "noah@example.com", key: "NOAH", status: "active" })).partner.id;
    await createPartner(app.database.db, shop.id, { programId: newsletter.id, email: "reader@example.com", key: "READER", status: "active" });
    connections.paddle = (await createProviderConnection(app.database.db, currentSecretBoxOrThrow(), { shopId, provider: "paddle", secret: PADDLE_SECRET })).id;
    connections.chargebee = (await createProviderConnection(app.database.db, currentSecretBoxOrThrow(), { shopId, provider: "chargebee", secret: CHARGEBEE_SECRET })).id;
  });
  afterAll(async () => {
    await app?.close();
    await drop?.();
  });

  describe("Paddle", () => {
    const transaction = (id: string, changes: Json = {}) =>
      paddleData("transaction.completed", {
        id, customer_id: `ctm_${id}`, discount_id: null, custom_data: null, origin: "web",
        details: { totals: { subtotal: "4990", discount: "0", tax: "948", total: "5938", grand_total: "5938", currency_code: "USD" } }, ...changes,
      });

    it("credits a transaction carrying custom_data.referral, in exact minor units without tax", async () => {
      const response = await postPaddle(paddleEvent("transaction.completed", transaction(`txn_ref_${kind}`, { custom_data: { referral: "AVA" } }), { event_id: `evt_ref_${kind}` }));
      expect(response.status).toBe(200);
      await processed(`evt_ref_${kind}`);
      const { sale, earned } = await saleOf("paddle", `txn_ref_${kind}`);
      expect(sale).toMatchObject({ amount: 4_990, currency: "USD", type: "sale", attribution: { attributed: true, evidence: "referral_key" } });
      expect(earned.map((c) => c.amount)).toEqual([499]);
    });

    it("counts transaction.paid, transaction.completed and redeliveries of one transaction once, even in parallel", async () => {
      const txn = transaction(`txn_par_${kind}`, { custom_data: { referral: "AVA" } });
      const events = [
        paddleEvent("transaction.paid", txn, { event_id: `evt_par_paid_${kind}` }),
        paddleEvent("transaction.completed", txn, { event_id: `evt_par_done_${kind}` }),
      ];
      const responses = await Promise.all([...events, ...events, ...events].map((event) => postPaddle(event)));
      expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
      const bodies = await Promise.all(responses.map((r) => r.json() as Promise<{ duplicate: boolean }>));
      expect(bodies.filter((b) => !b.duplicate)).toHaveLength(2);
      await processed(`evt_par_paid_${kind}`);
      await processed(`evt_par_done_${kind}`);
      const rows = await app.database.db.select().from(transactions).where(eq(transactions.externalId, `txn_par_${kind}`));
      expect(rows).toHaveLength(1);
      expect((await saleOf("paddle", `txn_par_${kind}`)).earned.map((c) => c.amount)).toEqual([499]);
    });

    it("converges when the approved refund arrives before its transaction", async () => {
      const refund = paddleData("adjustment.updated", { id: `adj_${kind}`, status: "approved", transaction_id: `txn_late_${kind}`, totals: { total: "1188", tax: "190", subtotal: "998", currency_code: "USD" } });
      await postPaddle(paddleEvent("adjustment.updated", refund, { event_id: `evt_adj_${kind}` }));
      await processed(`evt_adj_${kind}`);
      await postPaddle(paddleEvent("transaction.completed", transaction(`txn_late_${kind}`, { custom_data: { referral: "AVA" } }), { event_id: `evt_late_${kind}` }));
      await processed(`evt_late_${kind}`);
      const { earned } = await saleOf("paddle", `txn_late_${kind}`);
      expect(earned.map((c) => c.amount)).toEqual([499]);
      // 998 of 4990 refunded: a fifth of 499, rounded half up.
      expect((await reversalsOf(earned[0]!.id)).map((r) => r.amount)).toEqual([100]);
      // Linked when its sale landed, the refund says so (as one arriving after its sale would), not "sale_not_recorded_yet".
      const { sale: refundRow } = await saleOf("paddle", `adj_${kind}`);
      expect(refundRow!.attribution).toEqual({ attributed: true, partnerId: earned[0]!.partnerId, evidence: "refunded_sale" });
    });

    it("credits the partner whose Paddle discount was used, known by its discount id", async () => {
      const discount = paddleData("discount.created", { id: `dsc_${kind}`, code: `NOAH-${kind}`, custom_data: { partner_key: "NOAH" } });
      await postPaddle(paddleEvent("discount.created", discount, { event_id: `evt_dsc_${kind}` }));
      await processed(`evt_dsc_${kind}`);
      await postPaddle(paddleEvent("transaction.completed", transaction(`txn_dsc_${kind}`, { discount_id: `dsc_${kind}`, custom_data: { referral: "AVA" } }), { event_id: `evt_txn_dsc_${kind}` }));
      await processed(`evt_txn_dsc_${kind}`);
      // The coupon outranks the referral key to AVA in custom_data.
      const { sale, earned } = await saleOf("paddle", `txn_dsc_${kind}`);
      expect(sale).toMatchObject({ partnerId: noahId, attribution: { attributed: true, evidence: "coupon" } });
      expect(earned.map((c) => [c.partnerId, c.amount])).toEqual([[noahId, 499]]);
    });

    it.each([
      ["a forged signature", { secret: "pdl_ntfset_someone_else" }],
      ["a signature 6 s old", { ts: nowSeconds() - 6 }],
    ])("rejects %s with 401 and stores nothing", async (_name, options) => {
      const before = await stored();
      expect((await postPaddle(paddleEvent("transaction.completed", transaction("txn_forged")), options)).status).toBe(401);
      expect(await stored()).toBe(before);
    });

    it("takes a longer tolerance set on the connection through the API", async () => {
      const patched = await api("PATCH", `/api/v1/connections/${connections.paddle}`, { config: { signature: { tolerance_seconds: 120 } } });
      expect(patched.status).toBe(200);
      expect(patched.body.config).toEqual({ signature: { tolerance_seconds: 120 } });
      const response = await postPaddle(paddleEvent("customer.created", paddleData("customer.created"), { event_id: `evt_tol_${kind}` }), { ts: nowSeconds() - 60 });
      expect(response.status).toBe(200);
      expect((await postPaddle(paddleEvent("customer.created", paddleData("customer.created")), { ts: nowSeconds() - 180 })).status).toBe(401);
    });
  });

  describe("Chargebee", () => {
    const payment = (invoiceId: string, options: { referral?: string; total?: number } = {}) => ({
      transaction: { id: `txn_${invoiceId}`, type: "payment", status: "success", amount: options.total ?? 12_000, currency_code: "USD", date: nowSeconds() },
      invoice: { id: invoiceId, customer_id: `cus_${invoiceId}`, first_invoice: true, recurring: true, currency_code: "USD", total: options.total ?? 12_000, tax: 2_000, paid_at: nowSeconds() },
      customer: { id: `cus_${invoiceId}`, email: `${invoiceId}@example.com` },
      subscription: { id: `sub_${invoiceId}`, customer_id: `cus_${invoiceId}`, ...(options.referral ? { cf_referral: options.referral } : {}) },
    });

    it("accepts Basic auth, credits cf_referral, and treats a redelivered event id as a duplicate", async () => {
      const event = chargebeeEvent("payment_succeeded", payment(`inv_cb_${kind}`, { referral: "AVA" }), { id: `ev_cb_${kind}` });
      expect((await postChargebee(event)).status).toBe(200);
      const again = await postChargebee(event);
      expect(await again.json()).toMatchObject({ duplicate: true });
      await processed(`ev_cb_${kind}`);
      const { sale, earned } = await saleOf("chargebee", `inv_cb_${kind}`);
      expect(sale).toMatchObject({ amount: 10_000, attribution: { attributed: true } });
      expect(earned.map((c) => c.amount)).toEqual([1_000]);
    });

    it.each([
      ["a wrong password", "hooks:wrong-password"],
      ["no Authorization header", null],
    ])("answers %s with 401 and a Basic challenge, storing nothing", async (_name, credentials) => {
      const before = await stored();
      const response = await postChargebee(chargebeeEvent("payment_succeeded", payment("inv_forged")), credentials);
      expect(response.status).toBe(401);
      expect(response.headers.get("www-authenticate")).toBe('Basic realm="Webhook"');
      expect(await stored()).toBe(before);
    });

    it("converges when payment_refunded arrives before payment_succeeded", async () => {
      const refund = chargebeeEvent("payment_refunded", {
        transaction: { id: `txn_ref_${kind}`, type: "refund", status: "success", amount: 3_000, currency_code: "USD", date: nowSeconds() },
        invoice: { id: `inv_late_${kind}`, currency_code: "USD", total: 12_000, tax: 2_000 },
      }, { id: `ev_refund_${kind}` });
      await postChargebee(refund);
      await processed(`ev_refund_${kind}`);
      await postChargebee(chargebeeEvent("payment_succeeded", payment(`inv_late_${kind}`, { referral: "AVA" }), { id: `ev_late_${kind}` }));
      await processed(`ev_late_${kind}`);
      const { earned } = await saleOf("chargebee", `inv_late_${kind}`);
      expect(earned.map((c) => c.amount)).toEqual([1_000]);
      expect((await reversalsOf(earned[0]!.id)).map((r) => r.amount)).toEqual([300]);
    });
  });

  describe("generic: three systems mapped, ingested, attributed", () => {
    const checkoutSecret = standardWebhooksSecret();
    const crmSecret = "crm-signing-secret-e2e";
    const newsletterSecret = standardWebhooksSecret();
    const postGeneric = (connectionId: string, body: string, headers: Record<string, string>) => post("generic", body, headers, connectionId);

    beforeAll(async () => {
      connections.checkout = (await createProviderConnection(app.database.db, currentSecretBoxOrThrow(), { shopId, provider: "generic", secret: checkoutSecret, name: "Custom checkout" })).id;
      connections.crm = (await createProviderConnection(app.database.db, currentSecretBoxOrThrow(), { shopId, provider: "generic", secret: crmSecret, name: "CRM" })).id;
      connections.newsletter = (await createProviderConnection(app.database.db, currentSecretBoxOrThrow(), { shopId, provider: "generic", secret: newsletterSecret, name: "Newsletter tool" })).id;
    });

    it("a custom checkout (Standard Webhooks): its paid orders become credited sales", async () => {
      const mapping = {
        kind: "transaction", event_type: "$.type",
        fields: { transaction_id: "$.payload.order_number", amount: "$.payload.amounts.net", currency: "$.payload.amounts.currency", email: "$.payload['customer email']", referral: "$.payload.attribution.ref", occurred_at: "$.timestamp" },
      };
      const patched = await api("PATCH", `/api/v1/connections/${connections.checkout}`, { config: { signature: { scheme: "standard_webhooks" }, mapping } });
      expect(patched.status).toBe(200);
      const body = JSON.stringify({ type: "order.paid", timestamp: new Date().toISOString(), payload: { order_number: `CO-${kind}`, amounts: { net: "249.99", currency: "usd" }, "customer email": "shopper@example.com", attribution: { ref: "AVA" } } });
      const headers = standardWebhooksHeaders(body, checkoutSecret, { id: `msg_co_${kind}` });
      expect((await postGeneric(connections.checkout!, body, headers)).status).toBe(200);
      expect(await (await postGeneric(connections.checkout!, body, headers)).json()).toMatchObject({ duplicate: true });
      await processed(`msg_co_${kind}`);
      const { sale, earned } = await saleOf("generic", `CO-${kind}`);
      expect(sale).toMatchObject({ amount: 24_999, currency: "USD", attribution: { attributed: true, evidence: "referral_key" } });
      expect(earned.map((c) => c.amount)).toEqual([2_500]);
    });

    it("a CRM (HMAC in a header it names): its new contacts become the partner's leads", async () => {
      const config = {
        signature: { scheme: "hmac", header: "X-CRM-Signature", prefix: "sha256=" },
        mapping: { kind: "lead", event_id: "$.eventId", event_type: "$.subscriptionType", fields: { email: "$.contact.properties[0].value", name: "$.contact.displayName", partner_key: "$.contact.owner.partnerKey" } },
      };
      expect((await api("PATCH", `/api/v1/connections/${connections.crm}`, { config })).status).toBe(200);
      const body = JSON.stringify({ eventId: 9_001, subscriptionType: "contact.creation", contact: { displayName: "Dana Deal", properties: [{ name: "email", value: "dana@example.com" }], owner: { partnerKey: "NOAH" } } });
      const response = await postGeneric(connections.crm!, body, { "X-CRM-Signature": headerHmac(body, crmSecret, { prefix: "sha256=" }) });
      expect(response.status).toBe(200);
      await processed("9001");
      const [lead] = await app.database.db.select().from(leads).where(and(eq(leads.shopId, shopId), eq(leads.email, "dana@example.com")));
      expect(lead).toMatchObject({ programId: affiliateId, status: "pending", name: "Dana Deal" });
      const forged = await postGeneric(connections.crm!, body, { "X-CRM-Signature": headerHmac(body, "not-the-secret", { prefix: "sha256=" }) });
      expect(forged.status).toBe(401);
    });

    it("a CRM sending the same contact under several event ids at once records one lead, and every event completes", async () => {
      const bodies = [9_101, 9_102, 9_103, 9_104].map((eventId) =>
        JSON.stringify({ eventId, subscriptionType: "contact.propertyChange", contact: { displayName: "Eli", properties: [{ name: "email", value: `eli-${kind}@example.com` }], owner: { partnerKey: "AVA" } } }),
      );
      const responses = await Promise.all(bodies.map((body) => postGeneric(connections.crm!, body, { "X-CRM-Signature": headerHmac(body, crmSecret, { prefix: "sha256=" }) })));
      expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 200]);
      for (const id of ["9101", "9102", "9103", "9104"]) {
        const [row] = await processed(id);
        expect(row).toMatchObject({ abandonedAt: null, lastError: null, attempts: 1 });
      }
      const rows = await app.database.db.select().from(leads).where(and(eq(leads.shopId, shopId), eq(leads.email, `eli-${kind}@example.com`)));
      expect(rows).toHaveLength(1);
    });

    it("a newsletter tool: a subscriber signs up in the newsletter program, bound to the referrer", async () => {
      const config = { mapping: { kind: "newsletter_subscriber", event_type: "$.event", fields: { email: "$.data.subscriber.email", referral: "$.data.subscriber.custom_fields['referred by']" } } };
      expect((await api("PATCH", `/api/v1/connections/${connections.newsletter}`, { config })).status).toBe(200);
      const body = JSON.stringify({ event: "subscriber.created", data: { subscriber: { email: "reader-friend@example.com", custom_fields: { "referred by": "READER" } } } });
      expect((await postGeneric(connections.newsletter!, body, standardWebhooksHeaders(body, newsletterSecret, { id: `msg_nl_${kind}` }))).status).toBe(200);
      await processed(`msg_nl_${kind}`);
      const [subscriber] = await app.database.db.select().from(customers).where(and(eq(customers.shopId, shopId), eq(customers.email, "reader-friend@example.com")));
      expect(subscriber).toMatchObject({ programId: newsletterId });
      expect(subscriber!.referrerPartnerId).not.toBeNull();
      // The platform's event confirms the subscriber: it counts toward READER's milestones, once even if redelivered.
      const subscribed = await app.database.db
        .select({ confirmedAt: newsletterSubscriptions.confirmedAt, referrerKey: partners.key })
        .from(newsletterSubscriptions)
        .innerJoin(partners, eq(partners.id, newsletterSubscriptions.referrerPartnerId))
        .where(eq(newsletterSubscriptions.shopId, shopId));
      expect(subscribed).toEqual([{ confirmedAt: expect.any(Date), referrerKey: "READER" }]);
      const again = JSON.stringify({ event: "subscriber.updated", data: { subscriber: { email: "reader-friend@example.com", custom_fields: { "referred by": "READER" } } } });
      expect((await postGeneric(connections.newsletter!, again, standardWebhooksHeaders(again, newsletterSecret, { id: `msg_nl2_${kind}` }))).status).toBe(200);
      await processed(`msg_nl2_${kind}`);
      expect(await app.database.db.select().from(newsletterSubscriptions).where(eq(newsletterSubscriptions.shopId, shopId))).toHaveLength(1);
    });

    it("shows the last payloads with what the mapping made of them, and tests a new mapping without saving it", async () => {
      const listed = await api("GET", `/api/v1/connections/${connections.checkout}/payloads?limit=5`);
      expect(listed.status).toBe(200);
      expect(listed.body.data).toHaveLength(1);
      const [payload] = listed.body.data;
      expect(payload).toMatchObject({ external_id: `msg_co_${kind}`, topic: "order.paid", status: "processed", payload: { payload: { order_number: `CO-${kind}` } } });
      expect(payload.produced.events[0]).toMatchObject({ type: "sale", external_id: `CO-${kind}`, amount: 24_999, evidence: { referral_key: "AVA" } });

      const mapping = { kind: "customer", fields: { email: "$.payload['customer email']", referral: "$.payload.attribution.ref" } };
      const tested = await api("POST", `/api/v1/connections/${connections.checkout}/mapping/test`, { mapping, inbound_event_id: payload.inbound_event_id });
      expect(tested.status).toBe(200);
      expect(tested.body.produced.events[0]).toMatchObject({ type: "customer", customer: { provider: "generic", email: "shopper@example.com" } });
      const broken = await api("POST", `/api/v1/connections/${connections.checkout}/mapping/test`, { mapping: { kind: "customer", fields: { email: "$.nowhere" } }, inbound_event_id: payload.inbound_event_id });
      expect(broken.body.produced).toEqual({ ignored: "mapping: neither customer_id nor email is in the payload" });
      const unchanged = await api("GET", `/api/v1/connections/${connections.checkout}`);
      expect(unchanged.body.config.mapping.kind).toBe("transaction");
    });

    it("never shows a secret, names the bad field, and keeps shops apart", async () => {
      const listed = await api("GET", "/api/v1/connections");
      expect(listed.body.data.map((c: Json) => c.provider).sort()).toEqual(["chargebee", "generic", "generic", "generic", "paddle"]);
      expect(JSON.stringify(listed.body)).not.toMatch(new RegExp([PADDLE_SECRET, CHARGEBEE_SECRET, crmSecret, checkoutSecret].map((s) => s.replace(/[+/]/g, "\\$&")).join("|")));
      const bad = await api("PATCH", `/api/v1/connections/${connections.crm}`, { config: { mapping: { kind: "lead", fields: { email: "$.a[*]", partner_key: "$.p" } } } });
      expect(bad).toMatchObject({ status: 400, body: { error: { code: "validation_error", field: "config.mapping.fields.email" } } });
      const wrongProvider = await api("PATCH", `/api/v1/connections/${connections.paddle}`, { config: { mapping: { kind: "lead" } } });
      expect(wrongProvider).toMatchObject({ status: 400, body: { error: { field: "config.mapping" } } });
      const notGeneric = await api("POST", `/api/v1/connections/${connections.paddle}/mapping/test`, { mapping: {}, inbound_event_id: "x" });
      expect(notGeneric).toMatchObject({ status: 400, body: { error: { field: "mapping" } } });
      const { key } = await shopWithKey(app.database.db, `other-${kind}.myshopify.com`);
      const other = apiClient(app.url, key);
      expect((await other("GET", `/api/v1/connections/${connections.crm}`)).status).toBe(404);
      expect((await other("GET", `/api/v1/connections/${connections.crm}/payloads`)).status).toBe(404);
      expect((await other("GET", "/api/v1/connections")).body.data).toEqual([]);
    });
  });
});
