import { z } from "zod";
import { deleteWebhookEndpoint } from "../../domain/webhooks/delete-webhook-endpoint";
import { findWebhookEndpointOrThrow } from "../../domain/webhooks/find-webhook-endpoint-or-throw";
import { updateWebhookEndpoint } from "../../domain/webhooks/save-webhook-endpoint";
import { apiRoute, ok } from "../api/handler.server";
import { readBody } from "../api/parse.server";
import { webhookEndpointJson } from "../api/webhook-serializers.server";

const patchBody = z.object({ url: z.string().max(2_000).optional(), events: z.array(z.string()).max(50).optional(), active: z.boolean().optional() }).strict();

export const { loader, action } = apiRoute({
  async GET({ db, shopId, params }) {
    return ok(webhookEndpointJson(await findWebhookEndpointOrThrow(db, shopId, params.id!)));
  },
  async PATCH({ db, shopId, params, request }) {
    const body = await readBody(request, patchBody);
    return ok(webhookEndpointJson(await updateWebhookEndpoint(db, shopId, params.id!, body)));
  },
  async DELETE({ db, shopId, params }) {
    await deleteWebhookEndpoint(db, shopId, params.id!);
    return new Response(null, { status: 204 });
  },
});
