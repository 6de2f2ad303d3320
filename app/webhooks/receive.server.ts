import { storeInboundEvent, type InboundDelivery } from "../../domain/ingest/store-inbound-event";
import { describeError } from "../../domain/shared/describe-error";
import { currentProducerOrThrow } from "../../jobs/current";
import { inboundJobId, processInboundEventJob } from "../../jobs/process-inbound-event";
import { db } from "../db.server";

export const MAX_WEBHOOK_BYTES = 2 * 1024 * 1024;

export const webhookError = (status: number, message: string, headers?: HeadersInit) => Response.json({ error: message }, { status, headers });

// The rest of an oversized body is never read, so the connection cannot be reused: tell the client to close it.
const tooLarge = () => webhookError(400, "body is over 2 MB", { Connection: "close" });

/** The raw body's bytes, or a 400 response when it is over 2 MB (on the declared length, else as soon as the bytes read pass it). */
export async function readWebhookBytes(request: Request): Promise<Buffer | Response> {
  if (Number(request.headers.get("content-length") ?? "0") > MAX_WEBHOOK_BYTES) return tooLarge();
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body?.getReader();
  for (;;) {
    const next = await reader?.read();
    if (!next || next.done) break;
    size += next.value.byteLength;
    if (size > MAX_WEBHOOK_BYTES) {
      await reader!.cancel();
      return tooLarge();
    }
    chunks.push(next.value);
  }
  return Buffer.concat(chunks, size);
}

/** The raw body as UTF-8 text, or readWebhookBytes' 400 response. */
export async function readWebhookBody(request: Request): Promise<string | Response> {
  const bytes = await readWebhookBytes(request);
  return bytes instanceof Response ? bytes : bytes.toString("utf8");
}

/**
 * Stores the verified delivery (a duplicate changes nothing), then enqueues its processing. When Redis is down
 * the event is still stored and acknowledged; the sweeper enqueues it later.
 */
export async function acceptDelivery(delivery: InboundDelivery): Promise<Response> {
  let stored;
  try {
    stored = await storeInboundEvent(db(), delivery);
  } catch (error) {
    // Logged without the query's parameters (the payload); a non-2xx answer makes the provider deliver again.
    console.error(`[webhooks] could not store a ${delivery.provider} ${delivery.topic} event: ${describeError(error)}`);
    return webhookError(503, "the event could not be stored; deliver it again later");
  }
  if (!stored.processed) {
    try {
      await currentProducerOrThrow().enqueue(processInboundEventJob, { inboundEventId: stored.id }, { jobId: inboundJobId(stored.id) });
    } catch (error) {
      console.error(`[webhooks] stored ${delivery.provider} event ${stored.id}; enqueue failed (${(error as Error).message}); the sweeper will retry`);
    }
  }
  return Response.json({ received: true, id: stored.id, duplicate: stored.duplicate }, { status: 200 });
}
