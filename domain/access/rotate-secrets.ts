import { and, eq, isNull } from "drizzle-orm";
import type { Database } from "../../db/client";
import { providerConnections, shopifySessions, webhookEndpoints } from "../../db/schema/index";
import type { SecretBox } from "./secret-box";

export interface RotationCounts {
  provider_connections: number;
  shopify_sessions: number;
  webhook_endpoints: number;
  already_current: number;
}

/**
 * Re-encrypts every provider connection secret and Stripe API key, outgoing webhook endpoint secret and Shopify access/refresh token with the box's current key
 * (values in plain text from before encryption, or under the previous key). Each row is rewritten only if it
 * still holds what was read, so a session the app stores meanwhile is never overwritten. Safe to run again.
 */
export async function rotateSecrets(db: Database, box: SecretBox): Promise<RotationCounts> {
  const counts: RotationCounts = { provider_connections: 0, shopify_sessions: 0, webhook_endpoints: 0, already_current: 0 };
  const reseal = (value: string) => box.seal(box.open(value));

  const stale = (value: string | null) => Boolean(value) && !box.isCurrent(value!);

  const connections = await db.select({ id: providerConnections.id, secret: providerConnections.secret, apiKey: providerConnections.apiKey }).from(providerConnections);
  for (const row of connections) {
    if (!stale(row.secret) && !stale(row.apiKey)) {
      counts.already_current += 1;
      continue;
    }
    const updated = await db
      .update(providerConnections)
      .set({ secret: stale(row.secret) ? reseal(row.secret) : row.secret, apiKey: stale(row.apiKey) ? reseal(row.apiKey!) : row.apiKey })
      .where(
        and(
          eq(providerConnections.id, row.id),
          eq(providerConnections.secret, row.secret),
          row.apiKey === null ? isNull(providerConnections.apiKey) : eq(providerConnections.apiKey, row.apiKey),
        ),
      )
      .returning({ id: providerConnections.id });
    counts.provider_connections += updated.length;
  }

  const endpoints = await db.select({ id: webhookEndpoints.id, secret: webhookEndpoints.secret }).from(webhookEndpoints);
  for (const row of endpoints) {
    if (box.isCurrent(row.secret)) {
      counts.already_current += 1;
      continue;
    }
    const updated = await db
      .update(webhookEndpoints)
      .set({ secret: reseal(row.secret) })
      .where(and(eq(webhookEndpoints.id, row.id), eq(webhookEndpoints.secret, row.secret)))
      .returning({ id: webhookEndpoints.id });
    counts.webhook_endpoints += updated.length;
  }

  const sessions = await db
    .select({ id: shopifySessions.id, accessToken: shopifySessions.accessToken, refreshToken: shopifySessions.refreshToken })
    .from(shopifySessions);
  for (const row of sessions) {
    if (!stale(row.accessToken) && !stale(row.refreshToken)) {
      counts.already_current += 1;
      continue;
    }
    const updated = await db
      .update(shopifySessions)
      .set({
        accessToken: stale(row.accessToken) ? reseal(row.accessToken) : row.accessToken,
        refreshToken: stale(row.refreshToken) ? reseal(row.refreshToken!) : row.refreshToken,
      })
      .where(and(eq(shopifySessions.id, row.id), eq(shopifySessions.accessToken, row.accessToken)))
      .returning({ id: shopifySessions.id });
    counts.shopify_sessions += updated.length;
  }
  return counts;
}
