import { and, asc, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import { webhookAttempts, webhookDeliveries } from "../../db/schema/index";
import { findWebhookEndpointOrThrow } from "../../domain/webhooks/find-webhook-endpoint-or-throw";
import { apiRoute, ok } from "../api/handler.server";
import { cursorAt, decodeCursor, page, pageOrder, pageQuery, pageWhere } from "../api/pagination.server";
import { readQuery } from "../api/parse.server";
import { webhookDeliveryJson } from "../api/webhook-serializers.server";

const listQuery = z.object({ ...pageQuery, status: z.enum(["pending", "delivered", "failed"]).optional() });

/** The endpoint's deliveries, oldest first, each with every attempt (status code, error, latency). */
export const { loader, action } = apiRoute({
  async GET({ db, shopId, params, url }) {
    const query = readQuery(url, listQuery);
    const endpoint = await findWebhookEndpointOrThrow(db, shopId, params.id!);
    const rows = await db
      .select({ delivery: webhookDeliveries, cursorAt: cursorAt(webhookDeliveries.createdAt) })
      .from(webhookDeliveries)
      .where(
        and(
          eq(webhookDeliveries.shopId, shopId),
          eq(webhookDeliveries.endpointId, endpoint.id),
          query.status ? eq(webhookDeliveries.status, query.status) : undefined,
          pageWhere(webhookDeliveries.createdAt, webhookDeliveries.id, decodeCursor(query.cursor)),
        ),
      )
      .orderBy(...pageOrder(webhookDeliveries.createdAt, webhookDeliveries.id))
      .limit(query.limit + 1);
    const ids = rows.slice(0, query.limit).map((r) => r.delivery.id);
    const attempts = ids.length
      ? await db.select().from(webhookAttempts).where(and(eq(webhookAttempts.shopId, shopId), inArray(webhookAttempts.deliveryId, ids))).orderBy(asc(webhookAttempts.attemptedAt))
      : [];
    return ok(page(rows, query.limit, (r) => webhookDeliveryJson(r.delivery, attempts.filter((a) => a.deliveryId === r.delivery.id)), (r) => ({ at: r.cursorAt, id: r.delivery.id })));
  },
});
