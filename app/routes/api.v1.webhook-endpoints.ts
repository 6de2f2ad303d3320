import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { webhookEndpoints } from "../../db/schema/index";
import { currentSecretBoxOrThrow } from "../../runtime/current-secret-box";
import { createWebhookEndpoint } from "../../domain/webhooks/save-webhook-endpoint";
import { apiRoute, created, ok } from "../api/handler.server";
import { cursorAt, decodeCursor, page, pageOrder, pageQuery, pageWhere } from "../api/pagination.server";
import { readBody, readQuery } from "../api/parse.server";
import { webhookEndpointJson } from "../api/webhook-serializers.server";

const createBody = z.object({ url: z.string().max(2_000), events: z.array(z.string()).max(50) }).strict();

export const { loader, action } = apiRoute({
  async POST({ db, shopId, request }) {
    const body = await readBody(request, createBody);
    return created(webhookEndpointJson(await createWebhookEndpoint(db, currentSecretBoxOrThrow(), shopId, body), true));
  },
  async GET({ db, shopId, url }) {
    const query = readQuery(url, z.object(pageQuery));
    const rows = await db
      .select({ endpoint: webhookEndpoints, cursorAt: cursorAt(webhookEndpoints.createdAt) })
      .from(webhookEndpoints)
      .where(and(eq(webhookEndpoints.shopId, shopId), pageWhere(webhookEndpoints.createdAt, webhookEndpoints.id, decodeCursor(query.cursor))))
      .orderBy(...pageOrder(webhookEndpoints.createdAt, webhookEndpoints.id))
      .limit(query.limit + 1);
    return ok(page(rows, query.limit, (r) => webhookEndpointJson(r.endpoint), (r) => ({ at: r.cursorAt, id: r.endpoint.id })));
  },
});
