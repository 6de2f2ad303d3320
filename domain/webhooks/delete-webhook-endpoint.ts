import { and, eq } from "drizzle-orm";
import type { Database } from "../../db/client";
import { webhookEndpoints } from "../../db/schema/index";
import { findWebhookEndpointOrThrow } from "./find-webhook-endpoint-or-throw";

/** Deletes the shop's endpoint with its deliveries and attempts; 404 for another shop's. */
export async function deleteWebhookEndpoint(db: Database, shopId: string, id: string): Promise<void> {
  const endpoint = await findWebhookEndpointOrThrow(db, shopId, id);
  await db.delete(webhookEndpoints).where(and(eq(webhookEndpoints.shopId, shopId), eq(webhookEndpoints.id, endpoint.id)));
}
