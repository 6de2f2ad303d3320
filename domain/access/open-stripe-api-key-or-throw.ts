import type { Database } from "../../db/client";
import { invalid } from "../shared/errors";
import { findProviderConnectionOrThrow, listProviderConnections } from "./find-provider-connection-or-throw";
import type { SecretBox } from "./secret-box";

/**
 * The decrypted Stripe API key of one of the shop's connections (another shop's is reported as absent), or with no
 * id of its oldest enabled Stripe connection that has one; undefined when no connection of the shop has a key.
 */
export async function openStripeApiKeyOrThrow(
  db: Database,
  secrets: Pick<SecretBox, "open">,
  shopId: string,
  connectionId?: string,
  field = "connection_id",
): Promise<string | undefined> {
  if (connectionId === undefined) {
    const keyed = (await listProviderConnections(db, shopId)).find((c) => c.provider === "stripe" && c.apiKey !== null && !c.disabledAt);
    return keyed ? secrets.open(keyed.apiKey!) : undefined;
  }
  const connection = await findProviderConnectionOrThrow(db, shopId, connectionId, field);
  if (connection.provider !== "stripe" || connection.apiKey === null) throw invalid("this connection has no Stripe API key: add one on the Connections page", field);
  if (connection.disabledAt) throw invalid("this connection is disabled", field);
  return secrets.open(connection.apiKey);
}
