import { shopifyAdminFor } from "../helpers/shopify-admin-mock";
import { loadConfig } from "../../runtime/config";
import { randomBytes } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { http, HttpResponse } from "msw";
import { setupServer } from "msw/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { commissions, inboundEvents, transactions } from "../../db/schema/index";
import { createProviderConnection } from "../../domain/access/create-provider-connection";
import { SecretBox } from "../../domain/access/secret-box";
import { registerPartnerCoupon } from "../../domain/coupons/register-partner-coupon";
import { createPartner } from "../../domain/partners/create-partner";
import { createProgram } from "../../domain/programs/create-program";
import { createShop } from "../../domain/shops/create-shop";
import type { JobContext } from "../../jobs/definition";
import { processInboundEventJob } from "../../jobs/process-inbound-event";
import { setCurrentSecretBox } from "../../runtime/current-secret-box";
import { databaseKinds, openTestDatabase, type TestDatabase } from "../helpers/databases";
import { basicProgram } from "../helpers/domain-fixture";
import { stripeCheckoutSession, stripeFixtureObject, stripeInvoice2025, storeStripe } from "../helpers/stripe-payloads";

// Stripe's API answered by msw as the API reference documents it (docs.stripe.com/api: promotion codes, invoices with
// expand[]=discounts.promotion_code, invoice payments listed by payment intent; errors as {"error": {type, code,
// message, param}} with 401 for a bad key, 404 resource_missing, 429 rate_limit); bodies from the OpenAPI fixtures.
const API_KEY = "rk_test_51ReferencesAbCdEf";
const T = 1_900_000_000;
const stripeError = (status: number, error: Record<string, unknown>) => HttpResponse.json({ error }, { status });
const requests: string[] = [];
let mode: "ok" | "bad key" | "rate limited" = "ok";

const server = setupServer(
  http.all("https://api.stripe.com/*", ({ request }) => {
    requests.push(`${request.method} ${new URL(request.url).pathname}${new URL(request.url).search}`);
    if (request.headers.get("authorization") !== `Bearer ${API_KEY}` || mode === "bad key") {
      return stripeError(401, { type: "invalid_request_error", message: "Invalid API Key provided: rk_test_********51Ab" });
    }
    if (mode === "rate limited") return stripeError(429, { type: "invalid_request_error", code: "rate_limit", message: "Request rate limit exceeded." });
    return undefined;
  }),
  http.get("https://api.stripe.com/v1/promotion_codes/:id", ({ params }) =>
    params.id === "promo_api"
      ? HttpResponse.json({ ...stripeFixtureObject("promotion_code"), id: "promo_api", code: "SPRING25", active: true })
      : stripeError(404, { type: "invalid_request_error", code: "resource_missing", param: "promotion_code", message: `No such promotion code: '${String(params.id)}'` }),
  ),
  http.get("https://api.stripe.com/v1/invoices/:id", ({ params, request }) => {
    // expand[]=... or, as the stripe SDK encodes arrays, expand[0]=...
    const expanded = [...new URL(request.url).searchParams].some(([name, value]) => name.startsWith("expand[") && value === "discounts.promotion_code");
    const promotionCode = expanded ? { ...stripeFixtureObject("promotion_code"), id: "promo_inv", code: "SPRING25" } : "promo_inv";
    return HttpResponse.json({
      ...stripeInvoice2025(String(params.id), { customer: "cus_api", reason: "subscription_create", subtotal: 10_000, paidAt: T }),
      discounts: [{ ...stripeFixtureObject("discount"), id: "di_inv", promotion_code: promotionCode }],
    });
  }),
  http.get("https://api.stripe.com/v1/invoice_payments", ({ request }) => {
    const query = new URL(request.url).searchParams;
    const invoice = query.get("payment[type]") === "payment_intent" && query.get("payment[payment_intent]") === "pi_api" ? "in_paid" : null;
    const data = invoice ? [{ ...stripeFixtureObject("invoice_payment"), id: "inpay_1", invoice, status: "paid", payment: { type: "payment_intent", payment_intent: "pi_api" } }] : [];
    return HttpResponse.json({ object: "list", url: "/v1/invoice_payments", has_more: false, data });
  }),
);

beforeAll(() => server.listen({ onUnhandledFrame: "error" }));
afterAll(() => server.close());

describe.each(databaseKinds)("Stripe ids resolved through the API with the connection's key (%s)", (kind) => {
  let database: TestDatabase;
  const box = new SecretBox(randomBytes(32));
  const logs: string[] = [];
  beforeAll(async () => {
    database = await openTestDatabase(kind);
    setCurrentSecretBox(box);
  });
  afterAll(async () => {
    setCurrentSecretBox(undefined);
    await database?.destroy();
  });

  async function shop() {
    const created = await createShop(database.db, { domain: `stripe-api-${randomBytes(4).toString("hex")}.myshopify.com` });
    const { program } = await createProgram(database.db, created.id, { ...basicProgram, holdDays: 0 });
    const { partner } = await createPartner(database.db, created.id, { programId: program.id, email: "ava@example.com", key: "AVA", status: "active" });
    await registerPartnerCoupon(database.db, created.id, { programId: program.id, partnerId: partner.id, code: "SPRING25" });
    const { id: connectionId } = await createProviderConnection(database.db, box, { shopId: created.id, provider: "stripe", secret: "whsec_test_stripe_money", apiKey: API_KEY });
    const context = (isLastAttempt = false): JobContext => ({ db: database.db, attempt: 1, isLastAttempt, producer: undefined as never, shopifyAdmin: shopifyAdminFor(loadConfig(), database.db), log: (m) => logs.push(m) });
    const run = async (type: string, payload: Record<string, unknown>, options: { isLastAttempt?: boolean; previousAttributes?: Record<string, unknown> } = {}) => {
      const id = await storeStripe(database.db, created.id, type, payload, T, { connectionId, previousAttributes: options.previousAttributes });
      return { id, result: processInboundEventJob.handle({ inboundEventId: id }, context(options.isLastAttempt)) };
    };
    const partnerOf = async (externalId: string) =>
      (await database.db.select().from(transactions).where(and(eq(transactions.shopId, created.id), eq(transactions.externalId, externalId))))[0]?.partnerId;
    return { shopId: created.id, partner, run, partnerOf };
  }

  const invoice = (id: string, discounts: string[]) => stripeInvoice2025(id, { customer: "cus_api", reason: "subscription_create", subtotal: 10_000, paidAt: T, discounts });

  it("an invoice naming only a discount id is credited to the partner whose promotion code Stripe says applied it", async () => {
    const s = await shop();
    await (await s.run("invoice.paid", invoice("in_disc", ["di_inv"]))).result;
    expect(await s.partnerOf("in_disc")).toBe(s.partner.id);
    expect(requests).toContain("GET /v1/invoices/in_disc?expand[0]=discounts.promotion_code");
  });

  it("a checkout naming a promotion code the app never saw an event of is credited through GET /v1/promotion_codes/:id; an unknown one is not", async () => {
    const s = await shop();
    const session = (id: string, promo: string) => stripeCheckoutSession(id, {
      mode: "payment", payment_intent: `pi_${id}`, customer: `cus_${id}`, amount_total: 5_000, created: T,
      total_details: { amount_discount: 500, amount_shipping: 0, amount_tax: 0 }, discounts: [{ coupon: null, promotion_code: promo }],
      customer_details: { email: `${id}@example.com`, name: null },
    });
    await (await s.run("checkout.session.completed", session("cs_known", "promo_api"))).result;
    await (await s.run("checkout.session.completed", session("cs_unknown", "promo_gone"))).result;
    expect(await s.partnerOf("pi_cs_known")).toBe(s.partner.id);
    expect(await s.partnerOf("pi_cs_unknown")).toBeNull();
  });

  it("a refund naming a payment intent reaches its invoice through GET /v1/invoice_payments when no invoice_payment.paid arrived", async () => {
    const s = await shop();
    await (await s.run("invoice.paid", { ...invoice("in_paid", []), parent: { type: "subscription_details", subscription_details: { subscription: "sub_api", metadata: { referral: "AVA" } } } })).result;
    const { refunds: _notSent, ...charge } = stripeFixtureObject("charge");
    await (await s.run("charge.refunded", { ...charge, id: "ch_api", payment_intent: "pi_api", currency: "usd", amount: 10_000, amount_refunded: 10_000 }, { previousAttributes: { amount_refunded: 0 } })).result;
    const reversals = await database.db.select().from(commissions).where(and(eq(commissions.shopId, s.shopId), eq(commissions.kind, "reversal")));
    expect(reversals.map((r) => r.amount)).toEqual([1_000]);
  });

  it("a refused key is logged and the event applied without; a rate limit retries, and the last attempt applies without", async () => {
    const s = await shop();
    mode = "bad key";
    await (await s.run("invoice.paid", invoice("in_badkey", ["di_inv"]))).result;
    expect(await s.partnerOf("in_badkey")).toBeNull();
    expect(logs.some((line) => line.includes("Stripe refused the connection's API key") && !line.includes(API_KEY))).toBe(true);
    mode = "rate limited";
    const limited = await s.run("invoice.paid", invoice("in_limited", ["di_inv"]));
    await expect(limited.result).rejects.toThrow(/rate limit/i);
    const [row] = await database.db.select().from(inboundEvents).where(eq(inboundEvents.id, limited.id));
    expect(row).toMatchObject({ processedAt: null, abandonedAt: null, attempts: 1 });
    const last = await s.run("invoice.paid", invoice("in_limited_last", ["di_inv"]), { isLastAttempt: true });
    await last.result;
    expect(await s.partnerOf("in_limited_last")).toBeNull();
    mode = "ok";
  });
});
