import type { SecretBox } from "../access/secret-box";
import { and, eq } from "drizzle-orm";
import type { Database } from "../../db/client";
import { webhookEndpoints } from "../../db/schema/index";
import { invalid } from "../shared/errors";
import { webhookEventTypes, type WebhookEventType } from "./event-types";
import { findWebhookEndpointOrThrow } from "./find-webhook-endpoint-or-throw";
import { generateWebhookSecret } from "./sign-webhook";
import type { WebhookEndpoint } from "../../db/schema/rows";

function checkUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw invalid("url must be an absolute http or https URL", "url");
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") throw invalid("url must be an absolute http or https URL", "url");
  if (parsed.username || parsed.password) throw invalid("url must not carry credentials", "url");
  return parsed.toString();
}

function checkEvents(events: string[]): WebhookEventType[] {
  if (events.length === 0) throw invalid("events must name at least one event", "events");
  const unknown = events.find((e) => !(webhookEventTypes as readonly string[]).includes(e));
  if (unknown) throw invalid(`events: unknown event "${unknown}"; events are ${webhookEventTypes.join(", ")}`, "events");
  return [...new Set(events)] as WebhookEventType[];
}

/**
 * A new endpoint with a fresh Standard Webhooks secret, stored encrypted (SecretBox) and returned here in clear
 * once (the API shows it only now).
 */
export async function createWebhookEndpoint(
  db: Database,
  secrets: Pick<SecretBox, "seal">,
  shopId: string,
  input: { url: string; events: string[] },
): Promise<WebhookEndpoint> {
  const secret = generateWebhookSecret();
  const [endpoint] = await db
    .insert(webhookEndpoints)
    .values({ shopId, url: checkUrl(input.url), eventTypes: checkEvents(input.events), secret: secrets.seal(secret) })
    .returning();
  return { ...endpoint!, secret };
}

/** Changes the URL, the events or `active`; re-enabling clears the failure record of a disabled endpoint. */
export async function updateWebhookEndpoint(
  db: Database,
  shopId: string,
  id: string,
  patch: { url?: string; events?: string[]; active?: boolean },
): Promise<WebhookEndpoint> {
  await findWebhookEndpointOrThrow(db, shopId, id);
  const set: Partial<WebhookEndpoint> = {};
  if (patch.url !== undefined) set.url = checkUrl(patch.url);
  if (patch.events !== undefined) set.eventTypes = checkEvents(patch.events);
  if (patch.active !== undefined) Object.assign(set, patch.active ? { active: true, disabledAt: null, disabledReason: null, failingSince: null } : { active: false });
  if (Object.keys(set).length === 0) return findWebhookEndpointOrThrow(db, shopId, id);
  const [updated] = await db.update(webhookEndpoints).set(set).where(and(eq(webhookEndpoints.shopId, shopId), eq(webhookEndpoints.id, id))).returning();
  return updated!;
}
