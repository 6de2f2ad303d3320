import { readFileSync } from "node:fs";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { commissions, inboundEvents, shops, transactions } from "../../db/schema/index";
import { createPartner } from "../../domain/partners/create-partner";
import { updateShopSettings } from "../../domain/shops/update-shop-settings";
import { loadConfig } from "../../runtime/config";
import type { RunningApp } from "../../runtime/start";
import { apiClient, shopWithKey } from "../helpers/api-client";
import { startTestApp } from "../helpers/app-server";
import { databaseKinds, targetFor } from "../helpers/databases";
import { orderId, shopifyOrderBody } from "../helpers/ingest-fixtures";
import { shopifyWebhookHeaders } from "../helpers/shopify-signer";
import { waitFor } from "../helpers/wait-for";

const SHOP = "eur-store.myshopify.com";

/** Shopify's shop/update body is the REST Shop resource, as in the app/uninstalled sample (fixtures/shopify/app_uninstalled.json). */
function shopUpdateBody(changes: Record<string, unknown>): string {
  const shop = JSON.parse(readFileSync(new URL("../../../shared/fixtures/shopify/app_uninstalled.json", import.meta.url), "utf8"));
  return JSON.stringify({ ...shop, ...changes });
}

describe.each(databaseKinds)("a EUR store (%s)", (kind) => {
  let app: RunningApp;
  let drop: () => Promise<void>;
  let shopId: string;
  let api: ReturnType<typeof apiClient>;
  const secret = loadConfig().shopify.apiSecret;
  const post = (topic: string, body: string, eventId: string) =>
    fetch(`${app.url}/webhooks/${topic}`, { method: "POST", headers: shopifyWebhookHeaders({ topic, shop: SHOP, body, secret, eventId }), body });
  const processed = (externalId: string) =>
    waitFor(
      () => app.database.db.select().from(inboundEvents).where(eq(inboundEvents.externalId, externalId)),
      (rows) => rows[0]?.processedAt != null || rows[0]?.abandonedAt != null,
    );

  beforeAll(async () => {
    const target = await targetFor(kind);
    drop = target.drop;
    app = await startTestApp({ database: target.target, worker: true });
    const { shop, key } = await shopWithKey(app.database.db, SHOP);
    shopId = shop.id;
    api = apiClient(app.url, key);
  });
  afterAll(async () => {
    await app?.close();
    await drop?.();
  });

  it("keeps the settings current from shop/update", async () => {
    const response = await post("shop/update", shopUpdateBody({ currency: "EUR", iana_timezone: "Europe/Berlin", primary_locale: "de", domain: "gruene-kiste.de", name: "Grüne Kiste" }), `shop-update-1-${kind}`);
    expect(response.status).toBe(200);
    const [event] = await processed(`shop-update-1-${kind}`);
    expect(event).toMatchObject({ lastError: null, ignoredReason: null });
    expect(event!.processedAt).not.toBeNull();
    const [shop] = await app.database.db.select().from(shops).where(eq(shops.id, shopId));
    expect(shop).toMatchObject({ currency: "EUR", timezone: "Europe/Berlin", locale: "de", name: "Grüne Kiste", primaryDomainHost: "gruene-kiste.de", primaryDomainUrl: "https://gruene-kiste.de", contactEmail: "super@supertoys.com" });
  });

  it("an unknown time zone falls back to UTC rather than breaking period boundaries", async () => {
    await updateShopSettings(app.database.db, shopId, { name: "Grüne Kiste", currency: "EUR", timezone: "Mars/Olympus", locale: "de", contactEmail: null, primaryDomainUrl: null, primaryDomainHost: null });
    const [shop] = await app.database.db.select().from(shops).where(eq(shops.id, shopId));
    expect(shop!.timezone).toBe("UTC");
    await updateShopSettings(app.database.db, shopId, { name: "Grüne Kiste", currency: "EUR", timezone: "Europe/Berlin", locale: "de", contactEmail: null, primaryDomainUrl: null, primaryDomainHost: "gruene-kiste.de" });
  });

  it("creates a new program in EUR and credits a EUR order", async () => {
    const created = await api("POST", "/api/v1/programs", { name: "Partners", type: "affiliate", hold_days: 0, commission: { type: "percentage", percent: 10 } });
    expect(created.body).toMatchObject({ currency: "EUR" });
    expect(created.status).toBe(201);
    expect(created.body.currency).toBe("EUR");
    await createPartner(app.database.db, shopId, { programId: created.body.id, email: "lena@example.com", key: "LENA", status: "active" });
    await post("orders/paid", shopifyOrderBody(1, { ref: "LENA", subtotal: "120.00", currency: "EUR" }), `eur-paid-1-${kind}`);
    const [event] = await processed(`eur-paid-1-${kind}`);
    expect(event!.lastError).toBeNull();
    const [sale] = await app.database.db.select().from(transactions).where(and(eq(transactions.shopId, shopId), eq(transactions.externalId, orderId(1))));
    expect(sale).toMatchObject({ amount: 12_000, currency: "EUR" });
    const earned = await app.database.db.select().from(commissions).where(eq(commissions.transactionId, sale!.id));
    expect(earned.map((c) => [c.amount, c.currency])).toEqual([[1_200, "EUR"]]);
  });
});
