import { z } from "zod";
import { findProviderConnectionOrThrow } from "../../domain/access/find-provider-connection-or-throw";
import { recentInboundEventsOfConnection } from "../../domain/ingest/recent-inbound-events";
import { connectorOfOrThrow, payloadJson } from "../api/connections.server";
import { apiRoute, ok } from "../api/handler.server";
import { readQuery } from "../api/parse.server";

const query = z.object({ limit: z.coerce.number().int().min(1).max(50).default(10) }).strict();

/** The last payloads received on the connection, newest first, each with what the connection's current config makes of it. */
export const { loader, action } = apiRoute({
  async GET({ db, shopId, params, url }) {
    const { limit } = readQuery(url, query);
    const connection = await findProviderConnectionOrThrow(db, shopId, params.id!);
    const connector = connectorOfOrThrow(connection);
    const rows = await recentInboundEventsOfConnection(db, shopId, connection.id, limit);
    return ok({ data: rows.map((row) => payloadJson(connector, row, connection.config)) });
  },
});
