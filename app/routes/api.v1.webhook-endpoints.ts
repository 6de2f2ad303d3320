import { z } from "zod";
import { currentSecretBoxOrThrow } from "../../runtime/current-secret-box";
import { listWebhookEndpoints } from "../../domain/webhooks/list-webhook-endpoints";
import { createWebhookEndpoint } from "../../domain/webhooks/save-webhook-endpoint";
import { apiRoute, created, ok } from "../api/handler.server";
import { decodeCursor, page, pageQuery } from "../api/pagination.server";
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
    const rows = await listWebhookEndpoints(db, shopId, { limit: query.limit, after: decodeCursor(query.cursor) });
    return ok(page(rows, query.limit, (r) => webhookEndpointJson(r.endpoint), (r) => ({ at: r.cursorAt, id: r.endpoint.id })));
  },
});
