import { Queue, type JobsOptions } from "bullmq";
import type { Redis } from "ioredis";
import type { JobDefinition, QueueName } from "./definition";

/** Enqueues jobs from the web process. Fails fast when Redis is down (the caller decides what that means). */
export class JobProducer {
  private readonly queues = new Map<QueueName, Queue>();

  constructor(
    readonly connection: Redis,
    private readonly prefix = "affiliate-hub",
  ) {}

  queue(name: QueueName): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue(name, { connection: this.connection, prefix: this.prefix });
      queue.on("error", () => undefined); // connection errors are logged once by the connection itself
      this.queues.set(name, queue);
    }
    return queue;
  }

  async enqueue<P>(definition: JobDefinition<P>, payload: P, options: JobsOptions = {}): Promise<string | undefined> {
    const data = definition.payload.parse(payload);
    const job = await this.queue(definition.queue).add(definition.name, data, {
      removeOnComplete: true,
      removeOnFail: 1000,
      ...definition.options,
      ...options,
    });
    return job.id;
  }

  async ping(): Promise<void> {
    await this.connection.ping();
  }

  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close()));
    this.connection.disconnect();
  }
}
