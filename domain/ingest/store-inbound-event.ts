import { and, eq } from "drizzle-orm";
import type { Database } from "../../db/client";
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
  /** Set when the event is known to need no processing (an unknown shop): stored as processed. */
  ignoredReason?: string;
}

/** Stores a verified delivery once per (provider, dedupe scope, external id). A duplicate returns the first row's id. */
export async function storeInboundEvent(db: Database, delivery: InboundDelivery): Promise<{ id: string; duplicate: boolean; processed: boolean }> {
  const inserted = await db
    .insert(inboundEvents)
    .values({
      shopId: delivery.shopId,
      provider: delivery.provider,
      connectionId: delivery.connectionId ?? null,
      dedupeScope: delivery.dedupeScope,
      externalId: delivery.externalId,
      topic: delivery.topic,
      payload: delivery.payload,
      ignoredReason: delivery.ignoredReason ?? null,
      processedAt: delivery.ignoredReason ? new Date() : null,
    })
    .onConflictDoNothing()
    .returning({ id: inboundEvents.id, processedAt: inboundEvents.processedAt });
  if (inserted[0]) return { id: inserted[0].id, duplicate: false, processed: inserted[0].processedAt !== null };
  const [existing] = await db
    .select({ id: inboundEvents.id, processedAt: inboundEvents.processedAt })
    .from(inboundEvents)
    .where(
      and(
        eq(inboundEvents.provider, delivery.provider),
        eq(inboundEvents.dedupeScope, delivery.dedupeScope),
        eq(inboundEvents.externalId, delivery.externalId),
      ),
    );
  return { id: existing!.id, duplicate: true, processed: existing!.processedAt !== null };
}
