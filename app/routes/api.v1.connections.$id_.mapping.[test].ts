import { z } from "zod";
import { genericMappingSchema } from "../../connectors/generic/config";
import { findProviderConnectionOrThrow } from "../../domain/access/find-provider-connection-or-throw";
import { genericConnectionOrThrow, mappingTestJson } from "../api/connections.server";
import { apiRoute, ok } from "../api/handler.server";
import { readBody } from "../api/parse.server";

const testBody = z.object({ mapping: genericMappingSchema, inbound_event_id: z.string() }).strict();

/** What a mapping would make of a stored payload of a generic connection; nothing is saved or applied. */
export const { loader, action } = apiRoute({
  async POST({ db, shopId, params, request }) {
    const connection = await findProviderConnectionOrThrow(db, shopId, params.id!);
    genericConnectionOrThrow(connection);
    const body = await readBody(request, testBody);
    return ok(await mappingTestJson(db, shopId, connection, body.mapping, body.inbound_event_id));
  },
});
