import type { ActionFunctionArgs } from "@remix-run/node";
import { and, eq, isNull } from "drizzle-orm";
import { connectorFor } from "../../connectors/registry";
import { WebhookPayloadError, WebhookVerificationError, type ProviderName } from "../../connectors/types";
import { providerConnections } from "../../db/schema/index";
import { isUuid } from "../../domain/shared/ids";
import { currentSecretBoxOrThrow } from "../../runtime/current-secret-box";
import { db } from "../db.server";
import { acceptDelivery, readWebhookBody, webhookError } from "../webhooks/receive.server";

/** Stripe, Paddle, Chargebee, generic: the connection (from `cli connections create`) holds the shop and the secret. */
export const action = async ({ request, params }: ActionFunctionArgs) => {
  const provider = params.provider ?? "";
  const connector = connectorFor(provider);
  if (!connector || provider === "shopify") return webhookError(404, `no billing connector for ${provider.slice(0, 40)}`);
  const connectionId = params.connectionId ?? "";
  const [connection] = isUuid(connectionId)
    ? await db()
        .select()
        .from(providerConnections)
        .where(and(eq(providerConnections.id, connectionId), eq(providerConnections.provider, provider as ProviderName), isNull(providerConnections.disabledAt)))
    : [];
  if (!connection) return webhookError(404, "unknown connection");
  const raw = await readWebhookBody(request);
  if (raw instanceof Response) return raw;
  let delivery;
  try {
    delivery = connector.verify(raw, request.headers, currentSecretBoxOrThrow().open(connection.secret), { config: connection.config });
  } catch (error) {
    if (error instanceof WebhookVerificationError) {
      // Chargebee's own validators answer a failed Basic auth with this challenge.
      return webhookError(401, error.message, provider === "chargebee" ? { "WWW-Authenticate": 'Basic realm="Webhook"' } : undefined);
    }
    if (error instanceof WebhookPayloadError) return webhookError(400, error.message);
    throw error;
  }
  return acceptDelivery({ shopId: connection.shopId, provider: connection.provider, connectionId: connection.id, dedupeScope: `connection:${connection.id}`, ...delivery });
};

export const loader = () => webhookError(405, "webhooks are POSTed");
