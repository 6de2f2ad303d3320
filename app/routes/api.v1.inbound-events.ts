import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { inboundEvents, providerKind } from "../../db/schema/index";
import { inboundStatusOf, inboundStatuses, inboundStatusWhere } from "../../domain/ingest/inbound-event-status";
import { inboundEventSummaryColumns } from "../../domain/reports/list-inbound-events";
import { apiRoute } from "../api/handler.server";
import { cursorAt, decodeCursor, page, pageOrder, pageQuery, pageWhere } from "../api/pagination.server";
import { readQuery } from "../api/parse.server";

const listQuery = z.object({
  ...pageQuery,
  status: z.enum(inboundStatuses).optional(),
  provider: z.enum(providerKind.enumValues).optional(),
});

/** Stored webhooks of the key's shop, newest last; `status=abandoned` lists what needs the merchant's attention. */
export const { loader, action } = apiRoute({
  async GET({ db, shopId, url }) {
    const query = readQuery(url, listQuery);
    const rows = await db
      .select({ ...inboundEventSummaryColumns, cursorAt: cursorAt(inboundEvents.receivedAt) })
      .from(inboundEvents)
      .where(
        and(
          eq(inboundEvents.shopId, shopId),
          query.status ? inboundStatusWhere(query.status) : undefined,
          query.provider ? eq(inboundEvents.provider, query.provider) : undefined,
          pageWhere(inboundEvents.receivedAt, inboundEvents.id, decodeCursor(query.cursor)),
        ),
      )
      .orderBy(...pageOrder(inboundEvents.receivedAt, inboundEvents.id))
      .limit(query.limit + 1);
    return Response.json(
      page(
        rows,
        query.limit,
        (r) => ({
          id: r.id,
          provider: r.provider,
          external_id: r.externalId,
          topic: r.topic,
          status: inboundStatusOf(r),
          attempts: r.attempts,
          last_error: r.lastError,
          ignored_reason: r.ignoredReason,
          received_at: r.receivedAt.toISOString(),
          processed_at: r.processedAt?.toISOString() ?? null,
          abandoned_at: r.abandonedAt?.toISOString() ?? null,
        }),
        (r) => ({ at: r.cursorAt, id: r.id }),
      ),
    );
  },
});
