import { eq } from "drizzle-orm";
import { http, HttpResponse, passthrough } from "msw";
import { setupServer } from "msw/node";
import { setAbstractFetchFunc } from "@shopify/shopify-api/runtime";
import { API_KEY, API_SECRET_KEY } from "@shopify/shopify-api/test-helpers";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { couponCodes } from "../../db/schema/index";
import { createPartner } from "../../domain/partners/create-partner";
import { createProgram } from "../../domain/programs/create-program";
import { createShop } from "../../domain/shops/create-shop";
import type { RunningApp } from "../../runtime/start";
import { postAdminForm } from "../helpers/admin-form-post";
import { startTestApp } from "../helpers/app-server";
import { databaseKinds, targetFor } from "../helpers/databases";
import { installThroughAdmin } from "../helpers/shopify-admin-mock";
import { issuedAccessToken, shopifyInstallHandlers } from "../helpers/shopify-install-handlers";
import { loadConfig } from "../../runtime/config";

process.env.SHOPIFY_API_KEY = API_KEY;
process.env.SHOPIFY_API_SECRET = API_SECRET_KEY;

const STORE = "coupon-merchant";
const SHOP = `${STORE}.myshopify.com`;
const DISCOUNT_GID = "gid://shopify/DiscountCodeNode/987654321";

type Call = { query: string; variables: Record<string, unknown>; token: string | null };
const calls: Call[] = [];
let nextCreateErrors: Array<{ field: string[]; message: string }> = [];

// Shopify's Admin GraphQL endpoint for the shop: answers the install (token exchange, ShopSettings), records each
// other mutation and its variables, answers like Shopify.
const server = setupServer(
  ...shopifyInstallHandlers({ extra: (body, request) => {
    calls.push({ query: body.query, variables: body.variables, token: request.headers.get("x-shopify-access-token") });
    if (body.query.includes("discountCodeBasicCreate(")) {
      const errors = nextCreateErrors;
      nextCreateErrors = [];
      return HttpResponse.json({ data: { discountCodeBasicCreate: { codeDiscountNode: errors.length ? null : { id: DISCOUNT_GID }, userErrors: errors } } });
    }
    if (body.query.includes("discountCodeDeactivate(")) {
      return HttpResponse.json({ data: { discountCodeDeactivate: { codeDiscountNode: { id: body.variables.id }, userErrors: [] } } });
    }
    return undefined;
  } }),
);

beforeAll(() => server.listen({ onUnhandledFrame: "error" }));
afterAll(() => server.close());

describe.each(databaseKinds)("Coupons page creates real Shopify discount codes (%s)", (kind) => {
  let app: RunningApp;
  let drop: () => Promise<void>;
  let partnerId: string;

  beforeAll(async () => {
    const target = await targetFor(kind);
    drop = target.drop;
    app = await startTestApp({ database: target.target });
    // The Shopify library captured Node's fetch when the app loaded; late-bind it so msw sees Admin API calls.
    setAbstractFetchFunc((input, init) => globalThis.fetch(input, init));
    server.use(http.all(`${app.url}/*`, () => passthrough()));
    const db = app.database.db;
    const shop = await createShop(db, { domain: SHOP, currency: "USD" });
    const { program } = await createProgram(db, shop.id, { name: "Creators", type: "affiliate", currency: "USD", cookieDays: 30, attribution: "last_click", holdDays: 30, payoutThreshold: 0, commission: { kind: "percentage", percentBasisPoints: 1000 } });
    ({ partner: { id: partnerId } } = await createPartner(db, shop.id, { programId: program.id, email: "ava@example.com", name: "Ava", key: "AVA", status: "active" }));
    expect((await installThroughAdmin(app.url, loadConfig(), SHOP)).status).toBe(200);
  }, 120_000);
  afterAll(async () => {
    server.resetHandlers();
    await app?.close();
    await drop?.();
  });
  beforeEach(() => {
    calls.length = 0;
  });

  const post = (fields: Record<string, string>) => postAdminForm(app.url, "/app/coupons", STORE, fields);

  it("creates the code with discountCodeBasicCreate and registers it as the partner's coupon", async () => {
    const result = await post({ intent: "create", partner_id: partnerId, code: `AVA10${kind}`, value_type: "percent", value: "10" });
    expect(result.status).toBe(200);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.token).toBe(issuedAccessToken(SHOP));
    expect(calls[0]!.query).toContain("mutation discountCodeBasicCreate($basicCodeDiscount: DiscountCodeBasicInput!)");
    expect(calls[0]!.variables).toEqual({
      basicCodeDiscount: {
        title: "Creators: Ava",
        code: `AVA10${kind}`,
        startsAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        context: { all: "ALL" },
        customerGets: { value: { percentage: 0.1 }, items: { all: true } },
        appliesOncePerCustomer: false,
      },
    });
    const [coupon] = await app.database.db.select().from(couponCodes).where(eq(couponCodes.code, `AVA10${kind}`));
    expect(coupon).toMatchObject({ partnerId, provider: "shopify", externalId: DISCOUNT_GID, deletedAt: null });
  });

  it("sends a fixed amount as the currency's decimal string", async () => {
    await post({ intent: "create", partner_id: partnerId, code: `AVA5OFF${kind}`, value_type: "amount", value: "5" });
    expect((calls[0]!.variables.basicCodeDiscount as { customerGets: unknown }).customerGets).toEqual({
      value: { discountAmount: { amount: "5.00", appliesOnEachItem: false } },
      items: { all: true },
    });
  });

  it("shows Shopify's user error next to the code and registers nothing", async () => {
    nextCreateErrors = [{ field: ["basicCodeDiscount", "code"], message: "Code must be unique. Please try a different code." }];
    const result = await post({ intent: "create", partner_id: partnerId, code: `TAKEN${kind}`, value_type: "percent", value: "15" });
    expect(result.status).toBe(400);
    expect(result.text).toContain("Code must be unique");
    expect(await app.database.db.select().from(couponCodes).where(eq(couponCodes.code, `TAKEN${kind}`))).toEqual([]);
  });

  it("refuses bad input before calling Shopify", async () => {
    const result = await post({ intent: "create", partner_id: partnerId, code: "no spaces allowed", value_type: "percent", value: "150" });
    expect(result.status).toBe(400);
    expect(calls).toEqual([]);
  });

  it("deactivates with discountCodeDeactivate and stops the code attributing", async () => {
    const [coupon] = await app.database.db.select().from(couponCodes).where(eq(couponCodes.code, `AVA10${kind}`));
    const result = await post({ intent: "deactivate", id: coupon!.id });
    expect(result.status).toBe(200);
    expect(calls.map((c) => [c.query.includes("mutation discountCodeDeactivate($id: ID!)"), c.variables])).toEqual([[true, { id: DISCOUNT_GID }]]);
    const [after] = await app.database.db.select().from(couponCodes).where(eq(couponCodes.id, coupon!.id));
    expect(after!.deletedAt).not.toBeNull();
  });
});
