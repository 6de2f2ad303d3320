import { listProviderConnections } from "../../domain/access/find-provider-connection-or-throw";
import { connectionJson } from "../api/connections.server";
import { apiRoute, ok } from "../api/handler.server";

/** The shop's billing connections (created with `cli connections create`), without their secrets. */
export const { loader, action } = apiRoute({
  async GET({ db, shopId }) {
    return ok({ data: (await listProviderConnections(db, shopId)).map(connectionJson) });
  },
});
