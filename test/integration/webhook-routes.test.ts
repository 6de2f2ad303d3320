import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createShop } from "../../domain/shops/create-shop";
import { loadConfig } from "../../runtime/config";
import type { RunningApp } from "../../runtime/start";
import { startTestApp } from "../helpers/app-server";
import { databaseKinds, targetFor } from "../helpers/databases";
import { shopifyOrderBody } from "../helpers/ingest-fixtures";
import { shopifyWebhookHeaders } from "../helpers/shopify-signer";

const SHOP = "routes.myshopify.com";

/** Webhook POSTs go straight to their route's action (runtime/direct-actions.ts); the rest still reaches Remix. */
describe.each(databaseKinds)("webhook routes on %s", (kind) => {
  let app: RunningApp;
  let drop: () => Promise<void>;
  const secret = loadConfig().shopify.apiSecret;

  beforeAll(async () => {
    const target = await targetFor(kind);
    drop = target.drop;
    app = await startTestApp({ database: target.target });
    await createShop(app.database.db, { domain: SHOP });
  });
  afterAll(async () => {
    await app?.close();
    await drop?.();
  });

  const post = (path: string, eventId: string) => {
    const body = shopifyOrderBody(1);
    return fetch(`${app.url}${path}`, { method: "POST", headers: shopifyWebhookHeaders({ topic: "orders/paid", shop: SHOP, body, secret, eventId }), body });
  };

  it("matches a topic's path with a trailing slash or in other letter case, as Remix does", async () => {
    for (const [path, eventId] of [["/webhooks/orders/paid/", `slash-${kind}`], ["/Webhooks/Orders/Paid", `case-${kind}`]] as const) {
      const response = await post(path, eventId);
      expect(response.status, path).toBe(200);
      expect(await response.json()).toMatchObject({ received: true, duplicate: false });
    }
  });

  it("passes the billing route its params and leaves other methods and unknown paths to Remix", async () => {
    const unknownConnection = await fetch(`${app.url}/webhooks/billing/stripe/${randomUUID()}`, { method: "POST", body: "{}" });
    expect(unknownConnection.status).toBe(404);
    expect(await unknownConnection.json()).toEqual({ error: "unknown connection" });
    const unknownProvider = await fetch(`${app.url}/webhooks/billing/acme/${randomUUID()}`, { method: "POST", body: "{}" });
    expect(await unknownProvider.json()).toEqual({ error: "no billing connector for acme" });
    const get = await fetch(`${app.url}/webhooks/billing/stripe/${randomUUID()}`);
    expect(get.status).toBe(405);
    expect((await post("/webhooks/orders/refunded", `unknown-topic-${kind}`)).status).toBe(404);
  });
});
