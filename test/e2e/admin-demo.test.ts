import { and, eq } from "drizzle-orm";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { commissionRules, commissions, inboundEvents, partners, payoutBatches, payouts, programs, providerConnections, webhookDeliveries, webhookEndpoints } from "../../db/schema/index";
import { createProviderConnection } from "../../domain/access/create-provider-connection";
import { currentSecretBoxOrThrow } from "../../runtime/current-secret-box";
import type { RunningApp } from "../../runtime/start";
import { standardWebhooksHeaders, standardWebhooksSecret } from "../helpers/standard-webhooks-signer";
import { SCREENSHOT_DIR } from "./browser";
import { startDemoAdmin } from "./demo-admin";

// A real browser over every page of a seeded shop: a busy machine (CI runs everything on 2 cores) needs more than 30 s.
vi.setConfig({ testTimeout: 120_000 });

// The admin in demo mode (local mode, not production) on the seeded demo shop, in Debian's chromium.
describe("merchant admin in demo mode (chromium)", () => {
  let app: RunningApp;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let shopId: string;

  beforeAll(async () => {
    // With the workers, as `npm start` runs in demo mode: the payouts page follows a real background job.
    ({ app, shopId, browser, page, errors } = await startDemoAdmin({ worker: true }));
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  const open = async (path: string) => {
    const response = await page.goto(`${app.url}${path}`, { waitUntil: "networkidle" });
    expect(response?.status(), path).toBe(200);
  };
  const shot = (name: string) => page.screenshot({ path: `${SCREENSHOT_DIR}/${name}.png`, fullPage: true });
  const fieldError = (name: string) => page.locator(`[id="${name}Error"]`);

  it("opens every page with the demo banner and seeded data, and saves a screenshot of each", async () => {
    const ava = await app.database.db.query.partners.findFirst({ where: (p, { and, eq }) => and(eq(p.shopId, shopId), eq(p.key, "AVA")) });
    const program = await app.database.db.query.programs.findFirst({ where: (p, { and, eq }) => and(eq(p.shopId, shopId), eq(p.type, "affiliate")) });
    const paidBatch = (await app.database.db.select().from(payoutBatches).where(eq(payoutBatches.shopId, shopId)))[0]!;
    const pages: Array<[string, string, string]> = [
      ["dashboard", "/app?days=90", "Top partners"],
      ["programs", "/app/programs", "Creators affiliate program"],
      ["program-new", "/app/programs/new", "Create program"],
      ["program-edit", `/app/programs/${program!.id}`, "Rule version 1"],
      ["partners", "/app/partners", "Ava Creator"],
      ["partner-new", "/app/partners/new", "Add partner"],
      ["partner-detail", `/app/partners/${ava!.id}`, "Credited: "],
      ["commissions", "/app/commissions", "Reversal: refund"],
      ["customers", "/app/customers", "demo-customer-"],
      ["leads", "/app/leads", "harper.lee@example.com"],
      ["activity", "/app/activity", "orders/paid"],
      ["settings", "/app/settings", "API keys"],
      ["connections", "/app/connections", "Stripe (demo)"],
      ["coupons", "/app/coupons", "NOAH15"],
      ["creatives", "/app/creatives", "Summer sale leaderboard"],
      ["rewards", "/app/rewards", "THANKS-7Q4M2KXD"],
      ["payouts", "/app/payouts", "Create batch"],
      ["payout-batch", `/app/payouts/${paidBatch.id}`, "Ava Creator"],
      ["webhooks", "/app/webhooks", "crm.example.com/hooks/affiliate-hub"],
    ];
    for (const [name, path, expected] of pages) {
      await open(path);
      await expect.poll(() => page.getByText("Demo mode", { exact: true }).isVisible(), { message: path }).toBe(true);
      expect(await page.locator("body").innerText(), path).toContain(expected);
      await shot(name);
    }
    expect(await page.evaluate(() => typeof (window as unknown as { shopify?: unknown }).shopify)).toBe("object");
    expect(errors).toEqual([]);
  });

  it("the dashboard shows every commission status and a chart over the period", async () => {
    await open("/app?days=90");
    const text = await page.locator("body").innerText();
    for (const label of ["Clicks", "Referred customers", "Referred revenue (USD)", "Commissions pending", "Commissions approved", "Commissions paid"]) {
      expect(text).toContain(label);
    }
    expect(await page.locator("svg[role=img] polyline").count()).toBe(3);
    const paid = await page.locator("text=Commissions paid").locator("xpath=..").innerText();
    expect(paid).not.toContain("$0.00");
  });

  it("creates a program through the form, after showing validation errors next to the fields", async () => {
    await open("/app/programs/new");
    await page.fill('[name="commission.percent"]', "150");
    await page.fill('[name="currency"]', "DOLLARS");
    await page.getByRole("button", { name: "Create program" }).click();
    await expect.poll(() => fieldError("name").innerText()).toMatch(/at least 1|too small|>=1/i);
    expect(await fieldError("commission.percent").innerText()).toMatch(/100/);
    expect(await fieldError("currency").innerText()).toContain("ISO 4217");
    await shot("program-new-errors");

    await page.fill('[name="name"]', "Podcast partners");
    await page.fill('[name="currency"]', "EUR");
    await page.fill('[name="commission.percent"]', "12.5");
    await page.fill('[name="tiers.0.threshold"]', "1000.00");
    await page.fill('[name="tiers.0.value"]', "15");
    await page.fill('[name="payout_threshold"]', "50");
    await page.getByRole("button", { name: "Create program" }).click();
    await page.waitForURL(/\/app\/programs\/[0-9a-f-]{36}\?created=1$/);
    await expect.poll(() => page.getByText("Program created").isVisible()).toBe(true);

    const [created] = await app.database.db.select().from(programs).where(and(eq(programs.shopId, shopId), eq(programs.name, "Podcast partners")));
    expect(created).toMatchObject({ currency: "EUR", payoutThreshold: 5000, type: "affiliate" });
    const [rule] = await app.database.db.select().from(commissionRules).where(eq(commissionRules.programId, created!.id));
    expect(rule).toMatchObject({ kind: "percentage", percentBasisPoints: 1250, tiers: [{ thresholdAmount: 100000, percentBasisPoints: 1500 }] });

    await page.fill('[name="hold_days"]', "-3");
    await page.getByRole("button", { name: "Save program" }).click();
    await expect.poll(() => fieldError("hold_days").isVisible()).toBe(true);
    await page.fill('[name="hold_days"]', "7");
    await page.getByRole("button", { name: "Save program" }).click();
    await expect.poll(() => page.getByText("Program saved").isVisible()).toBe(true);
    const [edited] = await app.database.db.select().from(programs).where(eq(programs.id, created!.id));
    expect(edited!.holdDays).toBe(7);
    const [sameRule] = await app.database.db.select().from(commissionRules).where(eq(commissionRules.programId, created!.id));
    expect(sameRule!.version).toBe(1);
    // The save revalidates the page; typing before that lands would be overwritten by the reloaded values.
    await page.waitForLoadState("networkidle");
    await page.fill('[name="commission.percent"]', "14");
    expect(await page.inputValue('[name="commission.percent"]')).toBe("14");
    await page.getByRole("button", { name: "Save program" }).click();
    await expect.poll(() => page.getByText("Rule version 2").isVisible()).toBe(true);
  });

  it("creates a partner through the form after a validation error, then suspends and approves it", async () => {
    await open("/app/partners/new");
    await page.fill('[name="email"]', "not-an-email");
    await page.getByRole("button", { name: "Add partner" }).click();
    await expect.poll(() => fieldError("email").innerText()).toContain("email");
    await shot("partner-new-errors");
    await page.fill('[name="email"]', "ruby@example.com");
    await page.fill('[name="name"]', "Ruby Blogs");
    await page.fill('[name="key"]', "RUBY");
    await page.getByRole("button", { name: "Add partner" }).click();
    await page.waitForURL(/\/app\/partners\/[0-9a-f-]{36}\?created=1$/);
    await expect.poll(() => page.getByText("Partner created").isVisible()).toBe(true);
    expect(await page.locator('input[value$="/?ref=RUBY"]').count()).toBe(1);
    expect(await page.locator('input[value$="/r/RUBY"]').count()).toBe(1);

    await page.getByRole("button", { name: "Suspend" }).click();
    await expect.poll(() => page.getByText("Partner suspended").isVisible()).toBe(true);
    const [ruby] = await app.database.db.select().from(partners).where(and(eq(partners.shopId, shopId), eq(partners.key, "RUBY")));
    expect(ruby!.status).toBe("suspended");
    await page.getByRole("button", { name: "Approve" }).click();
    await expect.poll(() => page.getByText("Partner approved").isVisible()).toBe(true);

    await page.fill('[name="group"]', "Bloggers");
    await page.fill('[name="commission_percent"]', "15");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await expect.poll(() => page.getByText("Partner saved").isVisible()).toBe(true);
    const ownRule = () => app.database.db.select().from(commissionRules).where(eq(commissionRules.partnerId, ruby!.id));
    expect((await ownRule()).map((r) => r.percentBasisPoints)).toEqual([1500]);
    await page.fill('[name="payout_email"]', "ruby@paypal.example");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await expect.poll(async () => (await app.database.db.select().from(partners).where(eq(partners.id, ruby!.id)))[0]!.payoutDetails).toEqual({ email: "ruby@paypal.example" });
    expect((await ownRule()).map((r) => r.percentBasisPoints)).toEqual([1500]);

    await open("/app/partners?q=ruby");
    expect(await page.locator("tbody tr").count()).toBe(1);
    await open("/app/partners?status=suspended");
    expect(await page.locator("body").innerText()).toContain("Coupon Site");
    const ava = (await app.database.db.select().from(partners).where(and(eq(partners.shopId, shopId), eq(partners.key, "AVA"))))[0]!;
    await open(`/app/customers?partner=${ava.id}`);
    const referrers = await page.locator("tbody tr td:nth-child(3)").allInnerTexts();
    expect(referrers.length).toBeGreaterThan(0);
    expect(new Set(referrers)).toEqual(new Set(["Ava Creator"]));
  });

  it("approves a pending commission with the bulk action", async () => {
    await open("/app/commissions?status=pending");
    const firstRow = page.locator(".Polaris-IndexTable__TableRow").first();
    const id = await firstRow.getAttribute("id");
    await firstRow.locator("input[type=checkbox]").check({ force: true });
    await page.getByRole("button", { name: "Approve" }).click();
    await expect.poll(() => page.getByText("Approved 1").isVisible()).toBe(true);
    await shot("commissions-approved");
    const [row] = await app.database.db.select().from(commissions).where(and(eq(commissions.shopId, shopId), eq(commissions.id, id!)));
    expect(row!.status).toBe("approved");
  });

  it("adds a Paddle connection: its webhook URL is shown, its secret never", async () => {
    await open("/app/connections");
    await page.selectOption('[name="provider"]', "paddle");
    await page.fill('[name="secret"]', "short");
    await page.getByRole("button", { name: "Add connection" }).click();
    await expect.poll(() => fieldError("secret").isVisible()).toBe(true);
    await page.fill('[name="secret"]', "pdl_ntfset_secret_value_123");
    await page.getByRole("button", { name: "Add connection" }).click();
    await expect.poll(() => page.getByText("Connection created").isVisible()).toBe(true);
    await open("/app/connections");
    const values = await page.locator("input").evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value));
    expect(values.filter((v) => v.includes("/webhooks/billing/paddle/"))).toHaveLength(1);
    expect(await page.content()).not.toContain("pdl_ntfset_secret_value_123");
    await shot("connections-added");
  });

  it("opens the demo connections' pages: webhook URL, signature settings, the stored payload, never the secret", async () => {
    const connectionNamed = async (name: string) => (await app.database.db.select().from(providerConnections).where(and(eq(providerConnections.shopId, shopId), eq(providerConnections.name, name))))[0]!;
    const stripe = await connectionNamed("Stripe (demo)");
    await open("/app/connections");
    await page.locator(`a[href="/app/connections/${stripe.id}"]`, { hasText: "Signature settings and last payloads" }).click();
    await expect.poll(() => page.url()).toBe(`${app.url}/app/connections/${stripe.id}`);
    await expect.poll(() => page.getByText("nothing to set").isVisible()).toBe(true);
    expect(await page.locator(`input[value$="/webhooks/billing/stripe/${stripe.id}"]`).count()).toBe(1);

    const crm = await connectionNamed("CRM (demo)");
    await open(`/app/connections/${crm.id}`);
    const text = await page.locator("body").innerText();
    expect(text).toContain("Last payloads received");
    expect(text).toContain("demo-crm-1");
    expect(await page.content()).not.toContain(crm.secret);
    await page.locator("summary", { hasText: "demo-crm-1" }).click();
    await expect.poll(() => page.getByText("olivia.demo@example.com").isVisible()).toBe(true);
    expect(await page.locator("details").innerText()).toContain("no mapping is set for this connection");
    await shot("connection-demo");
    // The Paddle connection added above: its tolerance is checked by Paddle's config schema, next to the field.
    const [paddle] = await app.database.db.select().from(providerConnections).where(and(eq(providerConnections.shopId, shopId), eq(providerConnections.provider, "paddle")));
    await open(`/app/connections/${paddle!.id}`);
    await page.fill('[name="config.signature.tolerance_seconds"]', "0");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await expect.poll(() => fieldError("config.signature.tolerance_seconds").isVisible()).toBe(true);
    await page.fill('[name="config.signature.tolerance_seconds"]', "30");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await expect.poll(() => page.getByText("Connection saved").isVisible()).toBe(true);
    expect((await app.database.db.select().from(providerConnections).where(eq(providerConnections.id, paddle!.id)))[0]!.config).toEqual({ signature: { tolerance_seconds: 30 } });
    await shot("connection-paddle");
    expect((await fetch(`${app.url}/app/connections/${"0".repeat(8)}-0000-4000-8000-${"0".repeat(12)}`)).status).toBe(404);
    expect(errors).toEqual([]);
  });

  it("maps a generic connection's stored payload: tests the unsaved mapping, shows the error naming the field, saves it", async () => {
    const secret = standardWebhooksSecret();
    const { id } = await createProviderConnection(app.database.db, currentSecretBoxOrThrow(), { shopId, provider: "generic", name: "Checkout app", secret });
    const body = JSON.stringify({ id: "evt_91", type: "order.completed", order: { number: "A-1042", total: "129.90", currency: "eur" }, buyer: { email: "lena@example.com", name: "Lena" }, ref: "AVA" });
    const delivered = await fetch(`${app.url}/webhooks/billing/generic/${id}`, { method: "POST", headers: { "content-type": "application/json", ...standardWebhooksHeaders(body, secret, { id: "msg_91" }) }, body });
    expect(delivered.status).toBe(200);
    await expect.poll(async () => (await app.database.db.select().from(inboundEvents).where(eq(inboundEvents.connectionId, id))).length).toBe(1);

    await open(`/app/connections/${id}`);
    await page.selectOption('[name="config.mapping.kind"]', "transaction");
    expect(await page.locator("label", { hasText: "transaction_id (required)" }).count()).toBe(1);
    expect(await page.locator("body").innerText()).toContain("JSON path");
    await page.fill('[name="config.mapping.event_id"]', "$.id");
    await page.fill('[name="config.mapping.fields.transaction_id"]', "$.order.number");
    await page.fill('[name="config.mapping.fields.amount"]', "$.order.total");
    await page.fill('[name="config.mapping.fields.currency"]', "$.order.nowhere");
    await page.fill('[name="config.mapping.fields.email"]', "$.buyer.email");
    await page.fill('[name="config.mapping.fields.referral"]', "$.ref");
    await page.getByRole("button", { name: "Test mapping" }).click();
    await expect.poll(() => page.getByText("currency ($.order.nowhere) is missing from the payload").isVisible()).toBe(true);

    await page.fill('[name="config.mapping.fields.currency"]', "$.order.currency");
    await page.getByRole("button", { name: "Test mapping" }).click();
    await expect.poll(() => page.getByText("This mapping would produce", { exact: true }).isVisible()).toBe(true);
    const produced = await page.locator("pre").first().innerText();
    expect(JSON.parse(produced)).toMatchObject([{ type: "sale", external_id: "A-1042", amount: 12990, currency: "EUR", customer: { email: "lena@example.com" }, evidence: { referral_key: "AVA" } }]);
    const unsaved = (await app.database.db.select().from(providerConnections).where(eq(providerConnections.id, id)))[0]!;
    expect(unsaved.config).toEqual({});
    await shot("connection-mapping-tested");

    await page.fill('[name="config.mapping.fields.amount"]', "$.order[");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await expect.poll(() => fieldError("config.mapping.fields.amount").innerText()).toContain("invalid JSON path");
    expect((await app.database.db.select().from(providerConnections).where(eq(providerConnections.id, id)))[0]!.config).toEqual({});
    await shot("connection-mapping-error");

    await page.fill('[name="config.mapping.fields.amount"]', "$.order.total");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await expect.poll(() => page.getByText("Connection saved").isVisible()).toBe(true);
    const saved = (await app.database.db.select().from(providerConnections).where(eq(providerConnections.id, id)))[0]!;
    expect(saved.config).toEqual({
      mapping: { kind: "transaction", event_id: "$.id", amount_format: "decimal", fields: { transaction_id: "$.order.number", amount: "$.order.total", currency: "$.order.currency", email: "$.buyer.email", referral: "$.ref" } },
    });
    await page.locator("summary", { hasText: "msg_91" }).click();
    await expect.poll(() => page.locator("details pre").nth(1).innerText()).toContain('"external_id": "A-1042"');
    expect(await page.content()).not.toContain(secret);
    await shot("connection-mapping-saved");
    expect(errors).toEqual([]);
  });

  it("registers a partner coupon in demo mode and deactivates it", async () => {
    await open("/app/coupons");
    await page.fill('[name="code"]', "x y");
    await page.getByRole("button", { name: "Create coupon" }).click();
    await expect.poll(() => fieldError("code").isVisible()).toBe(true);
    await page.fill('[name="code"]', "SPRING20");
    await page.fill('[name="value"]', "20");
    await page.getByRole("button", { name: "Create coupon" }).click();
    await expect.poll(() => page.getByText("SPRING20 registered (demo mode").isVisible()).toBe(true);
    await page.locator("tr", { hasText: "SPRING20" }).getByRole("button", { name: "Deactivate" }).click();
    await expect.poll(() => page.getByText("SPRING20 deactivated").isVisible()).toBe(true);
    await shot("coupons-deactivated");
  });

  it("creates an API key shown once, then revokes it", async () => {
    await open("/app/settings");
    await page.getByRole("button", { name: "Create key" }).click();
    await expect.poll(() => fieldError("name").isVisible()).toBe(true);
    await page.fill('[name="name"]', "Zapier");
    await page.getByRole("button", { name: "Create key" }).click();
    await expect.poll(() => page.getByText("shown once").isVisible()).toBe(true);
    expect(await page.locator('input[value^="ahk_"]').count()).toBe(1);
    await open("/app/settings");
    expect(await page.locator('input[value^="ahk_"]').count()).toBe(0);
    await page.getByRole("button", { name: "Revoke" }).click();
    await expect.poll(() => page.getByText("Key revoked").isVisible()).toBe(true);
    expect(errors).toEqual([]);
  });

  it("creates a payout batch as a background job, follows its progress to done, exports it and marks payouts", async () => {
    const db = app.database.db;
    await open("/app/payouts");
    // A currency the shop does not use is refused next to the field (the select is edited as a crafted post would be).
    await page.locator('[name="currency"]').evaluate((select) => {
      const option = document.createElement("option");
      option.value = option.text = "XYZ";
      select.append(option);
      (select as HTMLSelectElement).value = "XYZ";
    });
    await page.getByRole("button", { name: "Create batch" }).click();
    await expect.poll(() => fieldError("currency").innerText()).toContain("currencies");

    await open("/app/payouts");
    await page.getByRole("button", { name: "Create batch" }).click();
    await page.waitForURL(/\/app\/payouts\?job=create-payout-batch-/);
    await expect
      .poll(() => page.getByText("Batch creation done").isVisible(), {
        timeout: 20_000,
      })
      .toBe(true);
    expect(await page.locator("progress").getAttribute("value")).toBe("100");
    await shot("payouts-batch-created");
    const [draft] = await db
      .select()
      .from(payoutBatches)
      .where(and(eq(payoutBatches.shopId, shopId), eq(payoutBatches.status, "draft")));
    expect(draft).toBeDefined();
    const rows = await db.select().from(payouts).where(eq(payouts.batchId, draft!.id));
    expect(rows.length).toBeGreaterThan(0);
    expect(await page.locator("body").innerText()).toContain(`${rows.length} payout`);

    await page.getByRole("link", { name: "Open the batch" }).click();
    await page.waitForURL(`**/app/payouts/${draft!.id}`);
    const csvUrl = await page.getByRole("link", { name: "Generic CSV" }).getAttribute("href");
    const csv = await page.request.get(`${app.url}${csvUrl}`);
    expect(csv.headers()["content-type"]).toContain("text/csv");
    const lines = (await csv.text()).trim().split("\r\n");
    expect(lines[0]).toMatch(/^payout_id,partner_key,/);
    expect(lines).toHaveLength(rows.length + 1);
    expect((await db.select().from(payoutBatches).where(eq(payoutBatches.id, draft!.id)))[0]!.status).toBe("exported");

    await open(`/app/payouts/${draft!.id}`);
    await page.getByRole("button", { name: "Mark failed" }).first().click();
    await expect.poll(() => page.getByText("Payout marked failed").isVisible()).toBe(true);
    await page.getByRole("button", { name: "Mark batch paid" }).click();
    await expect.poll(() => page.getByText(/Marked \d+ payouts? paid/).isVisible()).toBe(true);
    await shot("payout-batch-marked");
    const after = await db.select().from(payouts).where(eq(payouts.batchId, draft!.id));
    expect(after.filter((p) => p.status === "failed")).toHaveLength(1);
    expect(after.filter((p) => p.status === "paid")).toHaveLength(rows.length - 1);
    expect(errors).toEqual([]);
  });

  it("adds a webhook endpoint with its secret shown once, sends a test event and shows a disabled endpoint's reason", async () => {
    const db = app.database.db;
    await open("/app/webhooks");
    await page.getByRole("button", { name: "Add endpoint" }).click();
    await expect.poll(() => fieldError("url").isVisible()).toBe(true);
    await page.fill('[name="url"]', "https://hooks.example.org/affiliate");
    await page.getByRole("button", { name: "Add endpoint" }).click();
    await expect.poll(() => page.getByText("at least one event").isVisible()).toBe(true);
    await page.getByRole("checkbox", { name: "payout.paid", exact: true }).check({ force: true });
    await page.getByRole("checkbox", { name: "commission.created", exact: true }).check({ force: true });
    await page.getByRole("button", { name: "Add endpoint" }).click();
    await expect.poll(() => page.getByText("shown once").isVisible()).toBe(true);
    const secret = await page.locator('input[value^="whsec_"]').inputValue();
    await shot("webhooks-created");
    const [endpoint] = await db
      .select()
      .from(webhookEndpoints)
      .where(and(eq(webhookEndpoints.shopId, shopId), eq(webhookEndpoints.url, "https://hooks.example.org/affiliate")));
    expect([...endpoint!.eventTypes].sort()).toEqual(["commission.created", "payout.paid"]);
    expect(endpoint!.secret).not.toBe(secret); // sealed at rest
    await open("/app/webhooks");
    expect(await page.locator('input[value^="whsec_"]').count()).toBe(0);
    expect(await page.content()).not.toContain(secret);

    const card = page.locator(`[data-endpoint-id="${endpoint!.id}"]`);
    await card.getByRole("button", { name: "Send test event" }).click();
    await expect.poll(() => page.getByText(/Test event msg_\w+ queued/).isVisible()).toBe(true);
    const [delivery] = await db.select().from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, endpoint!.id));
    expect(delivery!.eventType).toBe("webhook.test");
    await open(`/app/webhooks?endpoint=${endpoint!.id}`);
    expect(await page.locator("body").innerText()).toContain("webhook.test");

    await card.getByRole("button", { name: "Disable" }).click();
    await expect.poll(() => page.getByText("Endpoint disabled").isVisible()).toBe(true);
    expect((await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, endpoint!.id)))[0]!.active).toBe(false);
    // What the delivery job does after 5 days of failures; the merchant reads it on the page.
    await db
      .update(webhookEndpoints)
      .set({
        failingSince: new Date(Date.now() - 6 * 86_400_000),
        disabledAt: new Date(),
        disabledReason: "every delivery failed for 5 days (last: HTTP 500)",
      })
      .where(eq(webhookEndpoints.id, endpoint!.id));
    await open(`/app/webhooks?endpoint=${endpoint!.id}`);
    expect(await card.innerText()).toMatch(/Disabled \d{4}-\d{2}-\d{2}[^]*every delivery failed for 5 days/);
    await shot("webhooks-disabled");
    await card.getByRole("button", { name: "Enable" }).click();
    await expect.poll(() => page.getByText("Endpoint enabled").isVisible()).toBe(true);
    expect((await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, endpoint!.id)))[0]).toMatchObject({
      active: true,
      disabledAt: null,
      failingSince: null,
    });
    await card.getByRole("button", { name: "Delete" }).click();
    await expect.poll(() => page.getByText("Endpoint deleted").isVisible()).toBe(true);
    expect(await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, endpoint!.id))).toEqual([]);
    expect(errors).toEqual([]);
  });
});
