import { Queue, Worker } from "bullmq";
import type { ShopifyAdmin } from "../connectors/shopify/admin-client";
import type { Database } from "../db/client";
import { describeError } from "../domain/shared/describe-error";
import { createWorkerConnection } from "./connection";
import type { QueueName } from "./definition";
import type { JobProducer } from "./producer";
import { jobDefinitionOrThrow, jobDefinitions } from "./registry";
import { jobSchedules } from "./schedules";

const INGEST_CONCURRENCY = 60;

export interface RunningWorkers {
  close(): Promise<void>;
}

/** Starts one BullMQ Worker per queue that has jobs, and installs the job schedulers. */
export async function startWorkers(options: {
  redisUrl: string;
  prefix: string;
  db: Database;
  producer: JobProducer;
  shopifyAdmin: ShopifyAdmin;
  /** Jobs run at once per queue; the ingest queue defaults higher, since its jobs wait to share transactions. */
  concurrency?: number;
  /** Local mode (see JobContext.localMode); false when absent. */
  localMode?: boolean;
}): Promise<RunningWorkers> {
  const connection = createWorkerConnection(options.redisUrl);
  const queues = [...new Set(jobDefinitions.map((d) => d.queue))] as QueueName[];
  const workers = queues.map(
    (queue) =>
      new Worker(
        queue,
        async (job) => {
          const definition = jobDefinitionOrThrow(job.name);
          const payload = definition.payload.parse(job.data);
          return definition.handle(payload, {
            db: options.db,
            attempt: job.attemptsMade + 1,
            isLastAttempt: job.attemptsMade + 1 >= (job.opts.attempts ?? 1),
            producer: options.producer,
            shopifyAdmin: options.shopifyAdmin,
            localMode: options.localMode ?? false,
            reportProgress: (progress) => job.updateProgress(progress),
            log: (message) => console.log(`[job:${job.name}:${job.id}] ${message}`),
          });
        },
        { connection, prefix: options.prefix, concurrency: options.concurrency ?? (queue === "ingest" ? INGEST_CONCURRENCY : 10), removeOnComplete: { count: 0 }, removeOnFail: { count: 1000 } },
      ),
  );
  for (const worker of workers) {
    worker.on("failed", (job, error) => console.error(`[job:${job?.name}:${job?.id}] failed: ${describeError(error)}`));
    worker.on("error", () => undefined); // the connection logs its own errors once
  }
  const schedulerQueues = new Map<QueueName, Queue>();
  for (const schedule of jobSchedules) {
    let queue = schedulerQueues.get(schedule.job.queue);
    if (!queue) {
      queue = new Queue(schedule.job.queue, { connection, prefix: options.prefix });
      schedulerQueues.set(schedule.job.queue, queue);
    }
    await queue.upsertJobScheduler(schedule.id, { every: schedule.everyMs }, { name: schedule.job.name, data: {} });
  }
  return {
    async close() {
      await Promise.all(workers.map((w) => w.close()));
      await Promise.all([...schedulerQueues.values()].map((q) => q.close()));
      connection.disconnect();
    },
  };
}
