import type { Database } from "../../db/client";
import { providerConnections } from "../../db/schema/index";
import { invalid } from "../shared/errors";
import type { SecretBox } from "./secret-box";
import { sealedApiKeyOrThrow } from "./set-connection-api-key";

export const billingProviders = ["stripe", "paddle", "chargebee", "generic"] as const;
type BillingProvider = (typeof billingProviders)[number];

/** The signing secret (and a Stripe API key) are stored encrypted (SecretBox); the secret is opened only to verify a signature. */
export async function createProviderConnection(
  db: Database,
  secrets: Pick<SecretBox, "seal">,
  input: { shopId: string; provider: string; secret: string; name?: string; apiKey?: string },
): Promise<{ id: string; provider: BillingProvider }> {
  if (!billingProviders.includes(input.provider as BillingProvider)) {
    throw invalid(`provider must be one of ${billingProviders.join(", ")}`, "provider");
  }
  if (input.secret.trim().length < 8) throw invalid("secret must have at least 8 characters", "secret");
  const apiKey = input.apiKey ? sealedApiKeyOrThrow(secrets, input.provider, input.apiKey) : null;
  const [row] = await db
    .insert(providerConnections)
    .values({ shopId: input.shopId, provider: input.provider as BillingProvider, secret: secrets.seal(input.secret.trim()), apiKey, name: input.name ?? null })
    .returning({ id: providerConnections.id });
  return { id: row!.id, provider: input.provider as BillingProvider };
}
