import { and, eq } from "drizzle-orm";
import type { Database } from "../../db/client";
import { webhookEndpoints } from "../../db/schema/index";
import { notFound } from "../shared/errors";
import { isUuid } from "../shared/ids";
import type { WebhookEndpoint } from "../../db/schema/rows";

export async function findWebhookEndpointOrThrow(db: Database, shopId: string, id: string): Promise<WebhookEndpoint> {
  if (!isUuid(id)) throw notFound("webhook endpoint", "id");
  const [endpoint] = await db.select().from(webhookEndpoints).where(and(eq(webhookEndpoints.shopId, shopId), eq(webhookEndpoints.id, id)));
  if (!endpoint) throw notFound("webhook endpoint", "id");
  return endpoint;
}
