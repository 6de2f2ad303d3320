import { z } from "zod";
import { connectorFor } from "../../connectors/registry";
import type { Connector, NormalizeResult } from "../../connectors/types";
import type { Database } from "../../db/client";
import type { GenericMapping } from "../../connectors/generic/config";
import { findInboundEventOfConnectionOrThrow } from "../../domain/ingest/recent-inbound-events";
import { invalid } from "../../domain/shared/errors";
import { inboundStatusOf } from "../../domain/ingest/inbound-event-status";
import { ApiError, zodErrorResponse } from "./errors.server";
import type { InboundEvent, ProviderConnection } from "../../db/schema/rows";

/** A connection as the API shows it: never its secret nor its API key, only whether one is set. */
export function connectionJson(connection: ProviderConnection) {
  return {
    id: connection.id,
    provider: connection.provider,
    name: connection.name,
    webhook_path: `/webhooks/billing/${connection.provider}/${connection.id}`,
    config: connection.config,
    api_key_set: connection.apiKey !== null,
    disabled_at: connection.disabledAt?.toISOString() ?? null,
    created_at: connection.createdAt.toISOString(),
  };
}

export function connectorOfOrThrow(connection: ProviderConnection): Connector {
  const connector = connectorFor(connection.provider);
  if (!connector) throw new ApiError(409, "conflict", `no connector for ${connection.provider}`, "provider");
  return connector;
}

/**
 * The stored config with the changed top-level keys (signature, mapping...) replaced, null removing one, checked
 * by the connector's own schema under `config`, so a problem names its field `config.<key>...`. The API's PATCH and
 * the admin's connection page both save through this.
 */
export function parseMergedConfig(connector: Connector, current: Record<string, unknown>, changes: Record<string, unknown>) {
  const merged = Object.fromEntries(Object.entries({ ...current, ...changes }).filter(([, value]) => value !== null));
  const schema = z.object({ config: connector.configSchema ?? z.object({}).strict() });
  return schema.safeParse({ config: merged });
}

export function mergedConfigOrThrow(connector: Connector, current: Record<string, unknown>, changes: Record<string, unknown>): Record<string, unknown> {
  const parsed = parseMergedConfig(connector, current, changes);
  if (!parsed.success) throw zodErrorResponse(parsed.error);
  return parsed.data.config;
}

const snake = (key: string) => key.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);

/** Domain events use camelCase keys; the API answers in snake_case. */
function snakeKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(snakeKeys);
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([key, inner]) => [snake(key), snakeKeys(inner)]));
}

/** What a connector (with this config) makes of a stored delivery: events, the reason it is ignored, or the error it throws. */
export function producedJson(connector: Connector, row: InboundEvent, config: Record<string, unknown>) {
  if (row.payload === null) return { error: "the payload was pruned after the retention period" };
  let result: NormalizeResult;
  try {
    result = connector.normalize({ externalId: row.externalId, topic: row.topic, payload: row.payload }, { config, receivedAt: row.receivedAt });
  } catch (error) {
    return { error: error instanceof z.ZodError ? `payload does not fit the ${connector.provider} format: ${error.issues[0]?.path.join(".")} ${error.issues[0]?.message}` : "payload could not be read" };
  }
  return "ignored" in result ? { ignored: result.ignored } : { events: snakeKeys(result.events) };
}

export function genericConnectionOrThrow(connection: ProviderConnection): void {
  if (connection.provider !== "generic") throw invalid("only generic connections have a mapping", "mapping");
}

/** What `mapping` (not saved) would make of a stored payload of a generic connection of this shop; nothing is applied. */
export async function mappingTestJson(db: Database, shopId: string, connection: ProviderConnection, mapping: GenericMapping, inboundEventId: string) {
  genericConnectionOrThrow(connection);
  const row = await findInboundEventOfConnectionOrThrow(db, shopId, connection.id, inboundEventId);
  return { inbound_event_id: row.id, produced: producedJson(connectorOfOrThrow(connection), row, { ...connection.config, mapping }) };
}

export function payloadJson(connector: Connector, row: InboundEvent, config: Record<string, unknown>) {
  return {
    inbound_event_id: row.id,
    external_id: row.externalId,
    topic: row.topic,
    status: inboundStatusOf(row),
    ignored_reason: row.ignoredReason,
    last_error: row.lastError,
    received_at: row.receivedAt.toISOString(),
    payload: row.payload,
    produced: producedJson(connector, row, config),
  };
}
