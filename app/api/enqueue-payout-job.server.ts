import { randomUUID } from "node:crypto";
import type { JobDefinition } from "../../jobs/definition";
import { currentProducerOrThrow } from "../../jobs/current";
import { ApiError } from "./errors.server";

/** Enqueues a payouts job under a fresh id (kept a day after it completes); null when Redis is down. */
export async function startPayoutJob<P>(definition: JobDefinition<P>, payload: P): Promise<string | null> {
  const id = `${definition.name}-${randomUUID()}`;
  try {
    await currentProducerOrThrow().enqueue(definition, payload, { jobId: id, removeOnComplete: { age: 86_400 } });
    return id;
  } catch {
    return null;
  }
}

/** startPayoutJob answering 202 with the job, or 503 when Redis is down. */
export async function enqueuePayoutJob<P>(definition: JobDefinition<P>, payload: P, fallback: string): Promise<Response> {
  const id = await startPayoutJob(definition, payload);
  if (!id) throw new ApiError(503, "queue_unavailable", `the job queue is unreachable; try again${fallback}`);
  return Response.json({ id, state: "waiting", progress: null }, { status: 202 });
}
