import { sql } from "drizzle-orm";
import { boolean, index, integer, jsonb, pgEnum, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { at, createdAt, id } from "./columns";
import { shops } from "./shops";

export const providerKind = pgEnum("provider_kind", ["shopify", "stripe", "paddle", "chargebee", "generic"]);
export const deliveryStatus = pgEnum("webhook_delivery_status", ["pending", "delivered", "failed"]);

/** A billing system connected to a shop; its secret verifies that system's webhooks. */
export const providerConnections = pgTable(
  "provider_connections",
  {
    id: id(),
    shopId: uuid("shop_id").notNull().references(() => shops.id, { onDelete: "cascade" }),
    provider: providerKind("provider").notNull(),
    name: text("name"),
    /** Encrypted at rest (see runtime secret box); verifying an HMAC needs the secret itself. Never logged, never returned. */
    secret: text("secret").notNull(),
    /** Stripe only, optional: a restricted (rk_) or secret (sk_) key that creates promotion codes. Encrypted like the secret; never returned. */
    apiKey: text("api_key"),
    /** Connector settings: signature tolerance, a generic connection's header and field mapping. */
    config: jsonb("config").$type<Record<string, unknown>>().notNull().default({}),
    disabledAt: at("disabled_at"),
    createdAt: createdAt(),
  },
  (t) => [index("provider_connections_shop_idx").on(t.shopId)],
);

/** API keys are stored as SHA-256 hashes; the key itself is shown once. */
export const apiKeys = pgTable(
  "api_keys",
  {
    id: id(),
    shopId: uuid("shop_id").notNull().references(() => shops.id, { onDelete: "cascade" }),
    name: text("name"),
    prefix: text("prefix").notNull(),
    secretHash: text("secret_hash").notNull(),
    lastUsedAt: at("last_used_at"),
    revokedAt: at("revoked_at"),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("api_keys_secret_hash_key").on(t.secretHash), index("api_keys_shop_idx").on(t.shopId)],
);

/** Every webhook received, stored before it is acknowledged. */
export const inboundEvents = pgTable(
  "inbound_events",
  {
    id: id(),
    shopId: uuid("shop_id").references(() => shops.id, { onDelete: "cascade" }),
    provider: providerKind("provider").notNull(),
    connectionId: uuid("connection_id").references(() => providerConnections.id, { onDelete: "set null" }),
    /** Where the event id is unique: `connection:<id>` for billing systems, `shop:<domain>` for Shopify. */
    dedupeScope: text("dedupe_scope").notNull(),
    externalId: text("external_id").notNull(),
    topic: text("topic").notNull(),
    /** null once pruned after the retention period (the row stays, so a late redelivery is still a duplicate). */
    payload: jsonb("payload"),
    payloadPrunedAt: at("payload_pruned_at"),
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
    ignoredReason: text("ignored_reason"),
    receivedAt: at("received_at").notNull().defaultNow(),
    processedAt: at("processed_at"),
    abandonedAt: at("abandoned_at"),
  },
  (t) => [
    uniqueIndex("inbound_events_scope_external_key").on(t.provider, t.dedupeScope, t.externalId),
    index("inbound_events_unprocessed_idx").on(t.processedAt, t.abandonedAt, t.receivedAt),
    index("inbound_events_shop_idx").on(t.shopId, t.receivedAt),
  ],
);

export const webhookEndpoints = pgTable(
  "webhook_endpoints",
  {
    id: id(),
    shopId: uuid("shop_id").notNull().references(() => shops.id, { onDelete: "cascade" }),
    url: text("url").notNull(),
    /** Standard Webhooks secret, whsec_ + base64. */
    secret: text("secret").notNull(),
    eventTypes: jsonb("event_types").$type<string[]>().notNull().default([]),
    active: boolean("active").notNull().default(true),
    /** First failed attempt since the last success; after 5 days of failures the endpoint is disabled. */
    failingSince: at("failing_since"),
    disabledAt: at("disabled_at"),
    disabledReason: text("disabled_reason"),
    createdAt: createdAt(),
  },
  (t) => [index("webhook_endpoints_shop_idx").on(t.shopId)],
);

export const webhookDeliveries = pgTable(
  "webhook_deliveries",
  {
    id: id(),
    shopId: uuid("shop_id").notNull().references(() => shops.id, { onDelete: "cascade" }),
    endpointId: uuid("endpoint_id").notNull().references(() => webhookEndpoints.id, { onDelete: "cascade" }),
    eventId: text("event_id").notNull(),
    eventType: text("event_type").notNull(),
    payload: jsonb("payload").notNull(),
    status: deliveryStatus("status").notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: at("next_attempt_at"),
    deliveredAt: at("delivered_at"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("webhook_deliveries_endpoint_event_key").on(t.endpointId, t.eventId),
    index("webhook_deliveries_shop_idx").on(t.shopId, t.createdAt),
    index("webhook_deliveries_due_idx").on(t.nextAttemptAt).where(sql`status = 'pending'`),
  ],
);

export const webhookAttempts = pgTable(
  "webhook_attempts",
  {
    id: id(),
    shopId: uuid("shop_id").notNull().references(() => shops.id, { onDelete: "cascade" }),
    deliveryId: uuid("delivery_id").notNull().references(() => webhookDeliveries.id, { onDelete: "cascade" }),
    statusCode: integer("status_code"),
    error: text("error"),
    durationMs: integer("duration_ms"),
    attemptedAt: createdAt(),
  },
  (t) => [index("webhook_attempts_delivery_idx").on(t.deliveryId)],
);

/** Settings the app keeps for itself (the local-mode secret lives in ./.data, not here). */
export const appSettings = pgTable("app_settings", {
  key: text("key").primaryKey(),
  value: jsonb("value").notNull(),
});

/** What a customers/data_request asked for and what the app held on that customer when it was answered. */
export const dataRequests = pgTable(
  "data_requests",
  {
    id: id(),
    shopId: uuid("shop_id").notNull().references(() => shops.id, { onDelete: "cascade" }),
    provider: text("provider").notNull(),
    customerExternalId: text("customer_external_id"),
    requestId: text("request_id"),
    report: jsonb("report").$type<Record<string, unknown>>().notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("data_requests_shop_idx").on(t.shopId, t.createdAt)],
);
