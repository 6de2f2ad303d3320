import { z } from "zod";
import { findWebhookEndpointOrThrow } from "../../domain/webhooks/find-webhook-endpoint-or-throw";
import { deliveryStatuses, listWebhookDeliveries } from "../../domain/webhooks/list-webhook-deliveries";
import { apiRoute, ok } from "../api/handler.server";
import { decodeCursor, page, pageQuery } from "../api/pagination.server";
import { readQuery } from "../api/parse.server";
import { webhookDeliveryJson } from "../api/webhook-serializers.server";

const listQuery = z.object({ ...pageQuery, status: z.enum(deliveryStatuses).optional() });

/** The endpoint's deliveries, oldest first, each with every attempt (status code, error, latency). */
export const { loader, action } = apiRoute({
  async GET({ db, shopId, params, url }) {
    const query = readQuery(url, listQuery);
    const endpoint = await findWebhookEndpointOrThrow(db, shopId, params.id!);
    const rows = await listWebhookDeliveries(db, shopId, endpoint.id, { status: query.status }, { limit: query.limit, after: decodeCursor(query.cursor) });
    return ok(page(rows, query.limit, (r) => webhookDeliveryJson(r.delivery, r.attempts), (r) => ({ at: r.cursorAt, id: r.delivery.id })));
  },
});
