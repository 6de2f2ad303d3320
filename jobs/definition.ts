import type { JobsOptions } from "bullmq";
import type { z } from "zod";
import type { ShopifyAdmin } from "../connectors/shopify/admin-client";
import type { Database } from "../db/client";

/** The queues the workers serve. A job belongs to exactly one. */
export const queueNames = ["ingest", "commissions", "approvals", "payouts", "exports", "outgoing-webhooks", "mail", "maintenance"] as const;
export type QueueName = (typeof queueNames)[number];

export interface JobContext {
  db: Database;
  /** 1 on the first attempt. */
  attempt: number;
  /** true when a failure now will not be retried. */
  isLastAttempt: boolean;
  /** Enqueues follow-up jobs (the sweeper re-enqueues stored events). A JobProducer in the workers. */
  producer: JobEnqueuer;
  /** Local mode: outgoing webhooks may reach loopback and private addresses. Absent = false. */
  localMode?: boolean;
  /** Stores the job's progress in the queue, where the API reads it. Absent outside a BullMQ worker. */
  reportProgress?(progress: Record<string, unknown>): Promise<void>;
  /** The Admin API of the installed shops (offline sessions, refreshed when they expire). */
  shopifyAdmin: ShopifyAdmin;
  log(message: string): void;
}

/**
 * A typed job: its name, the queue that runs it, the zod schema of its payload and its handler.
 * Producers validate the payload before enqueueing; workers validate it again before handling.
 */
export interface JobDefinition<Payload> {
  name: string;
  queue: QueueName;
  payload: z.ZodType<Payload>;
  options?: JobsOptions;
  handle(payload: Payload, context: JobContext): Promise<unknown>;
}

/** What a handler may do with the producer, typed structurally so this file imports nothing from producer.ts. */
export interface JobEnqueuer {
  enqueue<P>(definition: JobDefinition<P>, payload: P, options?: JobsOptions): Promise<string | undefined>;
}

export function defineJob<Payload>(definition: JobDefinition<Payload>): JobDefinition<Payload> {
  return definition;
}
