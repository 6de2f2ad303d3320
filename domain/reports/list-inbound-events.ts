import { and, desc, eq, type SQL } from "drizzle-orm";
import type { Database } from "../../db/client";
import { inboundEvents } from "../../db/schema/index";
import { inboundStatusOf, inboundStatusWhere, type InboundStatus } from "../ingest/inbound-event-status";
import { pageOf, type PageRequest } from "../shared/page";

/** What a list of inbound webhooks shows: everything but the payload. */
export const inboundEventSummaryColumns = {
  id: inboundEvents.id,
  provider: inboundEvents.provider,
  topic: inboundEvents.topic,
  externalId: inboundEvents.externalId,
  attempts: inboundEvents.attempts,
  lastError: inboundEvents.lastError,
  ignoredReason: inboundEvents.ignoredReason,
  receivedAt: inboundEvents.receivedAt,
  processedAt: inboundEvents.processedAt,
  abandonedAt: inboundEvents.abandonedAt,
};

/** Inbound webhooks of one shop, newest first, without their payloads. */
export async function listInboundEvents(db: Database, shopId: string, filter: { status?: InboundStatus }, page: PageRequest) {
  const conditions: SQL[] = [eq(inboundEvents.shopId, shopId)];
  if (filter.status) conditions.push(inboundStatusWhere(filter.status));
  const rows = await db
    .select(inboundEventSummaryColumns)
    .from(inboundEvents)
    .where(and(...conditions))
    .orderBy(desc(inboundEvents.receivedAt), desc(inboundEvents.id))
    .limit(page.limit + 1)
    .offset(page.offset);
  return pageOf(
    rows.map((r) => ({ ...r, status: inboundStatusOf(r) })),
    page,
  );
}
