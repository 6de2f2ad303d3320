import { readFileSync } from "node:fs";
import { parse } from "smol-toml";
import { describe, expect, it } from "vitest";
import { normalizeShopify } from "../../connectors/shopify/normalize";
import { parseJsonKeepingBigIds } from "../../connectors/shopify/parse-json";
import { schemaOfTopic } from "../../connectors/shopify/schemas";

interface Subscription {
  topics?: string[];
  compliance_topics?: string[];
  uri: string;
  include_fields?: string[];
}

const toml = parse(readFileSync(new URL("../../shopify.app.toml", import.meta.url), "utf8")) as unknown as { webhooks: { subscriptions: Subscription[] } };
const subscriptions = toml.webhooks.subscriptions.filter((s) => s.topics);
const fixture = (name: string) => parseJsonKeepingBigIds(readFileSync(new URL(`../../../shared/fixtures/shopify/${name}`, import.meta.url), "utf8"));

/** The payload as Shopify sends it with include_fields: only those top-level fields. */
const trimmed = (payload: unknown, fields: string[]) => Object.fromEntries(Object.entries(payload as Record<string, unknown>).filter(([key]) => fields.includes(key)));

// Payloads: Shopify's webhook samples for API 2026-04 (../shared/fixtures/shopify, from shopify.dev's webhook reference).
const samples: Record<string, string> = {
  "orders/create": "orders_create.json",
  "orders/paid": "orders_paid.json",
  "orders/updated": "orders_updated.json",
  "orders/cancelled": "orders_cancelled.json",
  "refunds/create": "refunds_create.json",
  "customers/create": "customers_create.json",
  "customers/update": "customers_update.json",
  "discounts/create": "discounts_create.json",
  "app/uninstalled": "app_uninstalled.json",
};

describe("shopify.app.toml include_fields: Shopify sends only what the connector reads", () => {
  it("every subscribed topic has a schema, and its include_fields are exactly that schema's top-level keys", () => {
    expect(subscriptions.length).toBeGreaterThan(10);
    for (const subscription of subscriptions) {
      for (const topic of subscription.topics!) {
        const schema = schemaOfTopic[topic as keyof typeof schemaOfTopic];
        expect(schema, `${topic} has no schema in connectors/shopify/schemas.ts`).toBeDefined();
        expect([...(subscription.include_fields ?? [])].sort(), topic).toEqual(Object.keys(schema.shape).sort());
      }
    }
  });

  it("compliance topics carry no include_fields (Shopify sends their fixed payloads)", () => {
    for (const subscription of toml.webhooks.subscriptions.filter((s) => s.compliance_topics)) expect(subscription.include_fields, subscription.uri).toBeUndefined();
  });

  it.each(Object.entries(samples))("%s normalizes the same from the trimmed payload as from the whole sample", (topic, file) => {
    const fields = subscriptions.find((s) => s.topics!.includes(topic))!.include_fields!;
    const payload = fixture(file);
    const whole = normalizeShopify({ externalId: "evt-1", topic, payload });
    expect(whole).not.toHaveProperty("error");
    expect(normalizeShopify({ externalId: "evt-1", topic, payload: trimmed(payload, fields) })).toEqual(whole);
    // Something is left out: the sample carries fields the app does not read (addresses, phones, ...).
    expect(Object.keys(payload as object).length).toBeGreaterThan(fields.length);
  });
});
