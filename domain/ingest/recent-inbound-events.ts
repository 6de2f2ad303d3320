import { and, desc, eq } from "drizzle-orm";
import type { Database } from "../../db/client";
import { inboundEvents } from "../../db/schema/index";
import { notFound } from "../shared/errors";
import { isUuid } from "../shared/ids";
import type { InboundEvent } from "../../db/schema/rows";

/** The last deliveries received on a connection of this shop, newest first. */
export async function recentInboundEventsOfConnection(db: Database, shopId: string, connectionId: string, limit: number): Promise<InboundEvent[]> {
  return db
    .select()
    .from(inboundEvents)
    .where(and(eq(inboundEvents.shopId, shopId), eq(inboundEvents.connectionId, connectionId)))
    .orderBy(desc(inboundEvents.receivedAt), desc(inboundEvents.id))
    .limit(limit);
}

/** One stored delivery of a connection of this shop. */
export async function findInboundEventOfConnectionOrThrow(db: Database, shopId: string, connectionId: string, id: string, field = "inbound_event_id"): Promise<InboundEvent> {
  if (!isUuid(id)) throw notFound("inbound event", field);
  const [row] = await db
    .select()
    .from(inboundEvents)
    .where(and(eq(inboundEvents.shopId, shopId), eq(inboundEvents.connectionId, connectionId), eq(inboundEvents.id, id)))
    .limit(1);
  if (!row) throw notFound("inbound event of this connection", field);
  return row;
}
