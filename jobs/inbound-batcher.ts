import { PGlite } from "@electric-sql/pglite";
import type { Database } from "../db/client";
import { processInboundEventBatch } from "./process-inbound-batch";
import { processInboundEvent, type ProcessOutcome } from "./stored-event-plan";

interface Waiting {
  id: string;
  resolve(outcome: ProcessOutcome): void;
  reject(error: unknown): void;
}

/**
 * Groups the stored events that this process's ingest jobs ask for into shared transactions: at most `parallel`
 * transactions run at once, and the jobs that arrive meanwhile wait and go together into the next one (up to
 * `maxBatch`). A lone job runs alone at once, so nothing waits for a batch to fill. When a batch fails, its
 * events are processed one by one, and only the job whose event fails sees the error.
 */
export class InboundBatcher {
  private readonly waiting: Waiting[] = [];
  private running = 0;

  constructor(
    private readonly db: Database,
    private readonly options: { parallel: number; maxBatch: number },
  ) {}

  process(id: string): Promise<ProcessOutcome> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ id, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.running < this.options.parallel && this.waiting.length > 0) {
      const batch = this.waiting.splice(0, this.options.maxBatch);
      this.running++;
      void this.run(batch).finally(() => {
        this.running--;
        this.pump();
      });
    }
  }

  private async run(batch: Waiting[]): Promise<void> {
    if (batch.length > 1) {
      try {
        const outcomes = await processInboundEventBatch(this.db, batch.map((w) => w.id));
        batch.forEach((w, i) => w.resolve(outcomes[i]!));
        return;
      } catch {
        // Rolled back as a whole: one by one below, so only the failing event's job fails.
      }
    }
    for (const w of batch) {
      try {
        w.resolve(await processInboundEvent(this.db, w.id));
      } catch (error) {
        w.reject(error);
      }
    }
  }
}

const batchers = new WeakMap<Database, InboundBatcher>();

/**
 * The batcher of a database handle. PostgreSQL: 4 transactions of up to 20 events at once. PGlite runs one
 * transaction at a time and the web requests of `npm start` wait behind it, so there: one of up to 10.
 */
export function inboundBatcherOf(db: Database): InboundBatcher {
  let batcher = batchers.get(db);
  if (!batcher) {
    const embedded = (db as { $client?: unknown }).$client instanceof PGlite;
    batcher = new InboundBatcher(db, embedded ? { parallel: 1, maxBatch: 10 } : { parallel: 4, maxBatch: 20 });
    batchers.set(db, batcher);
  }
  return batcher;
}
