import { z } from "zod";
import { genericMappingSchema } from "../../connectors/generic/config";
import { findProviderConnectionOrThrow } from "../../domain/access/find-provider-connection-or-throw";
import { findInboundEventOfConnectionOrThrow } from "../../domain/ingest/recent-inbound-events";
import { connectorOfOrThrow, producedJson } from "../api/connections.server";
import { ApiError } from "../api/errors.server";
import { apiRoute, ok } from "../api/handler.server";
import { readBody } from "../api/parse.server";

const testBody = z.object({ mapping: genericMappingSchema, inbound_event_id: z.string() }).strict();

/** What a mapping would make of a stored payload of a generic connection; nothing is saved or applied. */
export const { loader, action } = apiRoute({
  async POST({ db, shopId, params, request }) {
    const connection = await findProviderConnectionOrThrow(db, shopId, params.id!);
    if (connection.provider !== "generic") throw new ApiError(400, "validation_error", "only generic connections have a mapping", "mapping");
    const body = await readBody(request, testBody);
    const row = await findInboundEventOfConnectionOrThrow(db, shopId, connection.id, body.inbound_event_id);
    const config = { ...connection.config, mapping: body.mapping };
    return ok({ inbound_event_id: row.id, produced: producedJson(connectorOfOrThrow(connection), row, config) });
  },
});
