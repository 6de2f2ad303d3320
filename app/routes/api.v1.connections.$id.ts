import { z } from "zod";
import { findProviderConnectionOrThrow } from "../../domain/access/find-provider-connection-or-throw";
import { updateProviderConnection } from "../../domain/access/update-provider-connection";
import { connectionJson, connectorOfOrThrow, mergedConfigOrThrow } from "../api/connections.server";
import { apiRoute, ok } from "../api/handler.server";
import { readBody } from "../api/parse.server";

const patchBody = z
  .object({
    name: z.string().trim().max(200).nullable().optional(),
    config: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();

export const { loader, action } = apiRoute({
  async GET({ db, shopId, params }) {
    return ok(connectionJson(await findProviderConnectionOrThrow(db, shopId, params.id!)));
  },
  async PATCH({ db, shopId, params, request }) {
    const connection = await findProviderConnectionOrThrow(db, shopId, params.id!);
    const body = await readBody(request, patchBody);
    const config = body.config === undefined ? undefined : mergedConfigOrThrow(connectorOfOrThrow(connection), connection.config, body.config);
    return ok(connectionJson(await updateProviderConnection(db, shopId, connection.id, { name: body.name, config })));
  },
});
