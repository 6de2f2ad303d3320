import { createHash } from "node:crypto";
import { parseJsonObject } from "../shared/parse-json-object";
import type { Connector } from "../types";
import { applyMapping } from "./apply-mapping";
import { genericConfigOf, genericConfigSchema } from "./config";
import { readJsonPath } from "./json-path";
import { standardWebhooksTolerance, verifyHeaderHmac, verifyStandardWebhooks } from "./verify-signature";

const scalar = (value: unknown) => (typeof value === "string" && value !== "" ? value : typeof value === "number" ? String(value) : undefined);

/**
 * Any system that POSTs JSON: signed in the Standard Webhooks format (the default) or by an HMAC header the
 * merchant names; fields mapped with JSON paths to a transaction, customer, newsletter subscriber or lead.
 */
export const genericConnector: Connector = {
  provider: "generic",
  verify(rawBody, headers, secret, context) {
    const { signature, mapping } = genericConfigOf(context?.config);
    const now = context?.now ?? new Date();
    const webhookId =
      signature?.scheme === "hmac"
        ? (verifyHeaderHmac(rawBody, headers, secret, signature), undefined)
        : verifyStandardWebhooks(rawBody, headers, secret, standardWebhooksTolerance(signature), now);
    const payload = parseJsonObject(rawBody);
    const read = (expression: string | undefined) => (expression?.startsWith("$") ? scalar(readJsonPath(payload, expression)) : expression);
    // Without a webhook-id or a mapped event id, identical bodies are one event.
    const externalId = webhookId ?? read(mapping?.event_id) ?? `sha256:${createHash("sha256").update(rawBody, "utf8").digest("hex")}`;
    return { externalId, topic: read(mapping?.event_type) ?? mapping?.kind ?? "webhook", payload };
  },
  normalize(delivery, context) {
    const { mapping } = genericConfigOf(context?.config);
    if (!mapping) return { ignored: "no mapping is set for this connection (PATCH /api/v1/connections/:id)" };
    return applyMapping(mapping, delivery.payload, context?.receivedAt);
  },
  configSchema: genericConfigSchema,
};
