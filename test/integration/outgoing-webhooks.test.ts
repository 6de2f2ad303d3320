import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../db/client";
import { SecretBox } from "../../domain/access/secret-box";
import { webhookAttempts, webhookDeliveries, webhookEndpoints } from "../../db/schema/index";
import { applyEvent } from "../../domain/ingest/apply-event";
import { submitLead } from "../../domain/leads/submit-lead";
import { createPartner } from "../../domain/partners/create-partner";
import { createProgram } from "../../domain/programs/create-program";
import { createShop } from "../../domain/shops/create-shop";
import { deliverWebhook } from "../../domain/webhooks/deliver-webhook";
import { emitWebhookEvent } from "../../domain/webhooks/emit-webhook-event";
import { webhookEventTypes } from "../../domain/webhooks/event-types";
import { createWebhookEndpoint } from "../../domain/webhooks/save-webhook-endpoint";
import { sendWebhookRequest } from "../../domain/webhooks/send-webhook-request";
import type { RunningApp } from "../../runtime/start";
import { apiClient, shopWithKey } from "../helpers/api-client";
import { startTestApp } from "../helpers/app-server";
import { databaseKinds, openTestDatabase, targetFor, type TestDatabase } from "../helpers/databases";
import { basicProgram } from "../helpers/domain-fixture";
import { waitFor } from "../helpers/wait-for";

interface Received {
  id: string;
  type: string;
  verified: boolean;
  status: number;
  body: { type: string; timestamp: string; data: Record<string, unknown> };
}

/**
 * A receiver that checks Standard Webhooks signatures its own way (from the spec, not the app's code) and
 * answers `answer(id, attemptNumber)` for each delivery. `clockChecked` false accepts the simulated clocks of retry tests.
 */
async function startReceiver(secret: () => string, answer: (id: string, attempt: number) => number, clockChecked = true) {
  const received: Received[] = [];
  const seen = new Map<string, number>();
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (c: Buffer) => chunks.push(c));
    request.on("end", () => {
      const raw = Buffer.concat(chunks).toString("utf8");
      const id = String(request.headers["webhook-id"]);
      const timestamp = String(request.headers["webhook-timestamp"]);
      const expected = createHmac("sha256", Buffer.from(secret().split("_")[1]!, "base64")).update(`${id}.${timestamp}.${raw}`).digest();
      const verified =
        (!clockChecked || Math.abs(Date.now() / 1000 - Number(timestamp)) < 300) &&
        String(request.headers["webhook-signature"])
          .split(" ")
          .some((s) => {
            const [version, signature] = s.split(",");
            const given = Buffer.from(signature ?? "", "base64");
            return version === "v1" && given.length === expected.length && timingSafeEqual(given, expected);
          });
      const attempt = (seen.get(id) ?? 0) + 1;
      seen.set(id, attempt);
      const status = verified ? answer(id, attempt) : 401;
      const body = JSON.parse(raw) as Received["body"];
      received.push({ id, type: body.type, verified, status, body });
      response.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`, received, close: () => new Promise<void>((r) => server.close(() => r())) };
}

describe.each(databaseKinds)("outgoing webhooks in the domain on %s", (kind) => {
  const box = new SecretBox(randomBytes(32));
  let database: TestDatabase;
  let db: Database;
  beforeAll(async () => {
    database = await openTestDatabase(kind);
    db = database.db;
  });
  afterAll(() => database.destroy());

  it("erases the person from outgoing events when Shopify asks to redact a customer", async () => {
    const shop = await createShop(db, { domain: `redact-${kind}.myshopify.com` });
    await createWebhookEndpoint(db, box, shop.id, { url: "https://example.com/hooks", events: ["lead.created"] });
    const { program } = await createProgram(db, shop.id, { ...basicProgram, leadSubmission: true });
    await createPartner(db, shop.id, { programId: program.id, email: "p@example.com", key: "REDACTP" });
    await submitLead(db, shop.id, { programId: program.id, partnerKey: "REDACTP", email: "Gone.Person@example.com" });
    const payloads = async () => JSON.stringify((await db.select().from(webhookDeliveries).where(eq(webhookDeliveries.shopId, shop.id))).map((d) => d.payload)).toLowerCase();
    expect(await payloads()).toContain("gone.person@example.com");
    await db.transaction((tx) =>
      applyEvent(tx, shop.id, "shopify", { type: "customer_redact", customer: { provider: "shopify", externalId: "999", email: "gone.person@example.com" } }),
    );
    expect(await payloads()).not.toContain("gone.person@example.com");
  });

  it("writes nothing to the outbox for a rolled-back change", async () => {
    const shop = await createShop(db, { domain: `rb-${kind}.myshopify.com` });
    const endpoint = await createWebhookEndpoint(db, box, shop.id, { url: "https://example.com/hooks", events: ["partner.created"] });
    await expect(
      db.transaction(async (tx) => {
        await emitWebhookEvent(tx, shop.id, "partner.created", { id: "p" });
        throw new Error("the change fails");
      }),
    ).rejects.toThrow("the change fails");
    expect(await db.select().from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, endpoint.id))).toEqual([]);
    expect((await emitWebhookEvent(db, shop.id, "payout.paid", {})).deliveries).toBe(0); // not subscribed
    expect((await emitWebhookEvent(db, shop.id, "partner.created", {})).deliveries).toBe(1);
  });

  it("retries on the schedule, records every attempt, gives up after 8, and disables an endpoint failing for 5 days", async () => {
    const receiver = await startReceiver(() => endpoint.secret, () => 503, false);
    const shop = await createShop(db, { domain: `retry-${kind}.myshopify.com` });
    const endpoint = await createWebhookEndpoint(db, box, shop.id, { url: receiver.url, events: ["lead.created"] });
    const t0 = new Date();
    await emitWebhookEvent(db, shop.id, "lead.created", { id: "l1" }, { now: t0 });
    const [delivery] = await db.select().from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, endpoint.id));
    const gaps = [5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000];
    let at = t0;
    expect(await deliverWebhook(db, delivery!.id, { now: at, allowPrivate: true, secrets: box })).toBe("retrying");
    for (const [i, gap] of gaps.entries()) {
      expect(await deliverWebhook(db, delivery!.id, { now: new Date(at.getTime() + gap - 1), allowPrivate: true, secrets: box })).toBe("not due");
      at = new Date(at.getTime() + gap);
      expect(await deliverWebhook(db, delivery!.id, { now: at, allowPrivate: true, secrets: box })).toBe(i === gaps.length - 1 ? "failed" : "retrying");
    }
    const attempts = await db.select().from(webhookAttempts).where(eq(webhookAttempts.deliveryId, delivery!.id));
    expect(attempts).toHaveLength(8);
    expect(attempts.map((a) => [a.statusCode, a.error, a.durationMs! >= 0])).toEqual(Array(8).fill([503, "answered 503", true]));
    expect(receiver.received.map((r) => r.id)).toEqual(Array(8).fill(delivery!.eventId));
    expect(receiver.received.every((r) => r.verified)).toBe(true);

    const [stillOn] = await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, endpoint.id));
    expect(stillOn).toMatchObject({ active: true, failingSince: t0 });
    const later = new Date(t0.getTime() + 5 * 86_400_000);
    await emitWebhookEvent(db, shop.id, "lead.created", { id: "l2" }, { now: later });
    const [second] = await db.select().from(webhookDeliveries).where(and(eq(webhookDeliveries.endpointId, endpoint.id), eq(webhookDeliveries.status, "pending")));
    await deliverWebhook(db, second!.id, { now: later, allowPrivate: true, secrets: box });
    const [off] = await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, endpoint.id));
    expect(off).toMatchObject({ active: false, disabledAt: later });
    expect(off!.disabledReason).toContain("5 days");
    expect((await emitWebhookEvent(db, shop.id, "lead.created", {})).deliveries).toBe(0);
    await receiver.close();
  });
});

describe("outgoing webhook requests outside local mode", () => {
  it.each([
    ["http://127.0.0.1:9/x", "refused: 127.0.0.1 is a private, loopback or link-local address"],
    ["http://[::1]:9/x", "refused: ::1 is a private, loopback or link-local address"],
    ["http://169.254.169.254/latest/meta-data", "refused: 169.254.169.254 is a private, loopback or link-local address"],
    ["http://10.1.2.3/x", "refused: 10.1.2.3 is a private, loopback or link-local address"],
    ["http://192.168.0.10/x", "refused: 192.168.0.10 is a private, loopback or link-local address"],
    ["http://[::ffff:127.0.0.1]/x", "refused: ::ffff:7f00:1 is a private, loopback or link-local address"],
    ["http://localhost:9/x", "resolves to private, loopback or link-local address"],
  ])("refuses %s", async (url, message) => {
    const result = await sendWebhookRequest(url, {}, "{}", false);
    expect(result.statusCode).toBeNull();
    expect(result.error).toContain(message);
  });

  it("reaches a loopback receiver only in local mode", async () => {
    const receiver = await startReceiver(() => "whsec_AAAA", () => 200);
    expect((await sendWebhookRequest(receiver.url, {}, "{}", false)).error).toContain("refused");
    expect(receiver.received).toEqual([]);
    expect(await sendWebhookRequest(receiver.url, {}, "{}", true)).toMatchObject({ statusCode: 401, error: null });
    await receiver.close();
  });
});

describe.each(databaseKinds)("outgoing webhooks end to end (API, queue, local receiver) on %s", (kind) => {
  let app: RunningApp;
  let drop: () => Promise<void>;
  let api: ReturnType<typeof apiClient>;
  let other: ReturnType<typeof apiClient>;
  let secret = "";
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let outage = true;

  beforeAll(async () => {
    const target = await targetFor(kind);
    drop = target.drop;
    app = await startTestApp({ database: target.target, worker: true });
    api = apiClient(app.url, (await shopWithKey(app.database.db, "hooks.myshopify.com")).key);
    other = apiClient(app.url, (await shopWithKey(app.database.db, "other-hooks.myshopify.com")).key);
    // Fails every first attempt, and everything while `outage` is on; recovers after.
    receiver = await startReceiver(() => secret, (_id, attempt) => (outage || attempt === 1 ? 500 : 204));
  });
  afterAll(async () => {
    await receiver?.close();
    await app?.close();
    await drop?.();
  });

  it("delivers every event, signed, after failures, with each attempt recorded and no event accepted twice", async () => {
    const created = await api("POST", "/api/v1/webhook-endpoints", { url: receiver.url, events: [...webhookEventTypes] });
    expect(created).toMatchObject({ status: 201, body: { url: receiver.url, events: [...webhookEventTypes], active: true, secret: expect.stringMatching(/^whsec_[A-Za-z0-9+/]{43}=$/) } });
    secret = created.body.secret;
    const endpointId = created.body.id as string;
    const [stored] = await app.database.db.select({ secret: webhookEndpoints.secret }).from(webhookEndpoints).where(eq(webhookEndpoints.id, endpointId));
    expect(stored!.secret).toMatch(/^enc:v1:/);
    expect(stored!.secret).not.toContain(secret.slice(6));
    expect((await api("GET", `/api/v1/webhook-endpoints/${endpointId}`)).body.secret).toBeUndefined();
    expect((await other("GET", `/api/v1/webhook-endpoints/${endpointId}`)).status).toBe(404);
    expect((await api("POST", "/api/v1/webhook-endpoints", { url: "ftp://x", events: ["payout.paid"] })).body.error).toMatchObject({ field: "url" });
    expect((await api("POST", "/api/v1/webhook-endpoints", { url: "https://x.example", events: ["order.paid"] })).body.error).toMatchObject({ field: "events" });

    const program = (
      await api("POST", "/api/v1/programs", {
        name: "Hooks", type: "affiliate", currency: "USD", cookie_days: 30, attribution: "last_click", hold_days: 30, payout_threshold: 0,
        commission: { type: "percentage", percent: 10 }, lead_submission: true, auto_approve_partners: false,
      })
    ).body;
    await api("POST", "/api/v1/partners", { program_id: program.id, email: "hook@example.com", name: "Hook", key: "HOOK", status: "pending" });
    await api("PATCH", "/api/v1/partners/HOOK", { status: "active" });
    await api("POST", "/api/v1/customers", { program_id: program.id, key: "c1", referral_key: "HOOK" });
    await api("POST", "/api/v1/leads", { program_id: program.id, partner_key: "HOOK", email: "lead@example.com" });
    const sale = await api("POST", "/api/v1/transactions", { program_id: program.id, customer_key: "c1", key: "o1", type: "sale", amount: 10_000, currency: "USD" });
    await api("POST", `/api/v1/commissions/${sale.body.commissions[0].id}/approve`);
    await api("POST", "/api/v1/transactions", { program_id: program.id, customer_key: "c1", key: "r1", type: "refund", refunds: "o1", amount: 2_000, currency: "USD" });
    const batch = await api("POST", "/api/v1/payout-batches", {});
    expect(batch.status).toBe(201);
    await api("POST", `/api/v1/payout-batches/${batch.body.id}/mark-paid`, {});
    const test = await api("POST", `/api/v1/webhook-endpoints/${endpointId}/test`);
    expect(test).toMatchObject({ status: 202, body: { event_id: expect.stringMatching(/^msg_/) } });

    await waitFor(async () => receiver.received.length, (n) => n >= 10, 20_000);
    outage = false;
    const accepted = () => receiver.received.filter((r) => r.status === 204);
    await waitFor(async () => accepted().length, (n) => n >= 10, 40_000);

    expect(receiver.received.every((r) => r.verified)).toBe(true);
    expect(accepted().map((r) => r.type).sort()).toEqual([...webhookEventTypes, "webhook.test"].sort());
    expect(new Set(accepted().map((r) => r.id)).size).toBe(accepted().length);
    expect(accepted().find((r) => r.type === "payout.paid")!.body.data).toMatchObject({ amount: 800, currency: "USD", status: "paid" });

    const deliveries = (await api("GET", `/api/v1/webhook-endpoints/${endpointId}/deliveries?limit=250`)).body.data as {
      event_id: string; status: string; attempts: { status_code: number; duration_ms: number }[];
    }[];
    expect(deliveries).toHaveLength(10);
    for (const d of deliveries) {
      expect(d.status).toBe("delivered");
      const seen = receiver.received.filter((r) => r.id === d.event_id).map((r) => r.status);
      expect(d.attempts.map((a) => a.status_code)).toEqual(seen);
      expect(seen.at(-1)).toBe(204);
      expect(seen.slice(0, -1).every((s) => s === 500)).toBe(true);
    }
  }, 90_000);
});
