import type { z } from "zod";
import type { NormalizedEvent } from "../domain/ingest/normalized-event";

export type ProviderName = "shopify" | "stripe" | "paddle" | "chargebee" | "generic";

/** Thrown by verify: the route answers 401 and stores nothing. */
export class WebhookVerificationError extends Error {
  override name = "WebhookVerificationError";
}

/** Thrown by verify when the signature holds but the body is not usable (malformed JSON): 400, nothing stored. */
export class WebhookPayloadError extends Error {
  override name = "WebhookPayloadError";
}

/** A delivery whose signature was checked. This is what inbound_events stores and what normalize reads back. */
export interface VerifiedDelivery {
  /** The provider's unique id of this event (Shopify X-Shopify-Event-Id or webhook id, Stripe evt_...). Duplicates share it. */
  externalId: string;
  /** Provider topic or event type: "orders/paid", "invoice.paid". */
  topic: string;
  /** The parsed JSON body. */
  payload: unknown;
}

export type NormalizeResult = { events: NormalizedEvent[] } | { ignored: string };

/** What a connector reads from its connection besides the secret: provider_connections.config ({} when unset). */
export interface ConnectorContext {
  config?: Record<string, unknown>;
  /** When the delivery was stored: the time of an event whose payload carries none (generic mapping). */
  receivedAt?: Date;
}

export interface VerifyContext extends ConnectorContext {
  /** The clock signature timestamps are compared with (tests); the real clock when absent. */
  now?: Date;
}

/** One billing or commerce system. */
export interface Connector {
  provider: ProviderName;
  /**
   * Checks the signature of a raw request body against the connection's secret and parses it.
   * @throws WebhookVerificationError on a missing, forged or stale signature
   * @throws WebhookPayloadError when the body is not the JSON the provider sends
   */
  verify(rawBody: string, headers: Headers, secret: string, context?: VerifyContext): VerifiedDelivery;
  /**
   * Turns a verified delivery into domain events, or says why it is ignored (an event type we do not use,
   * a checkout that will be counted by its invoice...). Pure: no database, no network, the same output for the same input.
   */
  normalize(delivery: VerifiedDelivery, context?: ConnectorContext): NormalizeResult;
  /** Validates provider_connections.config for this provider (PATCH /api/v1/connections/:id); absent: config must be {}. */
  configSchema?: z.ZodType<Record<string, unknown>>;
}
