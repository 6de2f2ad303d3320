import { z } from "zod";
import { findProviderConnectionOrThrow } from "../../domain/access/find-provider-connection-or-throw";
import { setConnectionApiKey } from "../../domain/access/set-connection-api-key";
import { updateProviderConnection } from "../../domain/access/update-provider-connection";
import { connectionJson, connectorOfOrThrow, mergedConfigOrThrow } from "../api/connections.server";
import { apiRoute, ok } from "../api/handler.server";
import { readBody } from "../api/parse.server";
import { currentSecretBoxOrThrow } from "../../runtime/current-secret-box";

const patchBody = z
  .object({
    name: z.string().trim().max(200).nullable().optional(),
    config: z.record(z.string(), z.unknown()).optional(),
    api_key: z.string().max(300).nullable().optional(),
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
    if (body.api_key !== undefined) await setConnectionApiKey(db, currentSecretBoxOrThrow(), shopId, connection.id, body.api_key);
    return ok(connectionJson(await updateProviderConnection(db, shopId, connection.id, { name: body.name, config })));
  },
});
