import type { Database } from "../../db/client";
import { providerConnections } from "../../db/schema/index";
import { invalid } from "../shared/errors";

export const billingProviders = ["stripe", "paddle", "chargebee", "generic"] as const;
export type BillingProvider = (typeof billingProviders)[number];

export async function createProviderConnection(
  db: Database,
  input: { shopId: string; provider: string; secret: string; name?: string },
): Promise<{ id: string; provider: BillingProvider }> {
  if (!billingProviders.includes(input.provider as BillingProvider)) {
    throw invalid(`provider must be one of ${billingProviders.join(", ")}`, "provider");
  }
  if (input.secret.trim().length < 8) throw invalid("secret must have at least 8 characters", "secret");
  const [row] = await db
    .insert(providerConnections)
    .values({ shopId: input.shopId, provider: input.provider as BillingProvider, secret: input.secret.trim(), name: input.name ?? null })
    .returning({ id: providerConnections.id });
  return { id: row!.id, provider: input.provider as BillingProvider };
}
