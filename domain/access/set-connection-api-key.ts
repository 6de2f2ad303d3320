import { and, eq } from "drizzle-orm";
import type { Database } from "../../db/client";
import { providerConnections } from "../../db/schema/index";
import { invalid } from "../shared/errors";
import { findProviderConnectionOrThrow } from "./find-provider-connection-or-throw";
import type { SecretBox } from "./secret-box";
import type { ProviderConnection } from "../../db/schema/rows";

const STRIPE_API_KEY = /^(rk|sk)_(live|test)_[A-Za-z0-9]{10,250}$/;

/** A Stripe API key checked and sealed for provider_connections.api_key; only Stripe connections hold one. */
export function sealedApiKeyOrThrow(secrets: Pick<SecretBox, "seal">, provider: string, apiKey: string, field = "api_key"): string {
  if (provider !== "stripe") throw invalid("only a Stripe connection holds an API key", field);
  const key = apiKey.trim();
  if (!STRIPE_API_KEY.test(key)) throw invalid("a Stripe restricted key (rk_live_… or rk_test_…) or secret key (sk_…)", field);
  return secrets.seal(key);
}

/** Sets (or with null removes) the connection's Stripe API key, stored encrypted. */
export async function setConnectionApiKey(
  db: Database,
  secrets: Pick<SecretBox, "seal">,
  shopId: string,
  id: string,
  apiKey: string | null,
  field = "api_key",
): Promise<ProviderConnection> {
  const connection = await findProviderConnectionOrThrow(db, shopId, id);
  const sealed = apiKey === null ? null : sealedApiKeyOrThrow(secrets, connection.provider, apiKey, field);
  const [row] = await db
    .update(providerConnections)
    .set({ apiKey: sealed })
    .where(and(eq(providerConnections.shopId, shopId), eq(providerConnections.id, id)))
    .returning();
  return row!;
}
