import { and, eq, sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import { rowsOf } from "../../db/rows";
import { inboundEvents } from "../../db/schema/index";

export interface InboundDelivery {
  shopId: string | null;
  provider: "shopify" | "stripe" | "paddle" | "chargebee" | "generic";
  connectionId?: string | null;
  /** Where externalId is unique: `connection:<id>` for billing systems, `shop:<domain>` for Shopify. */
  dedupeScope: string;
  externalId: string;
  topic: string;
  payload: unknown;
  /** The payload already as JSON text (the receipt path has it): stored as is instead of serializing `payload`. */
  payloadJson?: string;
  /** Set when the event is known to need no processing (an unknown shop): stored as processed. */
  ignoredReason?: string;
}

export interface StoredInboundEvent {
  id: string;
  duplicate: boolean;
  processed: boolean;
}

/**
 * Stores a verified delivery once per (provider, dedupe scope, external id) in one statement: the insert, or on
 * conflict the first row's id (a duplicate changes nothing). When a concurrent delivery of the same event commits
 * after this statement's snapshot, the conflicting row is read by a second query.
 */
export async function storeInboundEvent(db: Database, delivery: InboundDelivery): Promise<StoredInboundEvent> {
  const { provider, dedupeScope, externalId } = delivery;
  const ignoredReason = delivery.ignoredReason ?? null;
  const result = await db.execute(sql`
    with inserted as (
      insert into ${inboundEvents} (shop_id, provider, connection_id, dedupe_scope, external_id, topic, payload, ignored_reason, processed_at)
      values (${delivery.shopId}, ${provider}, ${delivery.connectionId ?? null}, ${dedupeScope}, ${externalId}, ${delivery.topic},
              ${delivery.payloadJson ?? JSON.stringify(delivery.payload)}::jsonb, ${ignoredReason}, ${ignoredReason === null ? null : sql`now()`})
      on conflict (provider, dedupe_scope, external_id) do nothing
      returning id, processed_at
    )
    select id, processed_at is not null as processed, false as duplicate from inserted
    union all
    select id, processed_at is not null, true from ${inboundEvents}
    where provider = ${provider} and dedupe_scope = ${dedupeScope} and external_id = ${externalId} and not exists (select 1 from inserted)`);
  const [row] = rowsOf<StoredInboundEvent>(result);
  if (row) return { id: row.id, duplicate: row.duplicate, processed: row.processed };
  const [existing] = await db
    .select({ id: inboundEvents.id, processedAt: inboundEvents.processedAt })
    .from(inboundEvents)
    .where(and(eq(inboundEvents.provider, provider), eq(inboundEvents.dedupeScope, dedupeScope), eq(inboundEvents.externalId, externalId)));
  return { id: existing!.id, duplicate: true, processed: existing!.processedAt !== null };
}
