import type { Database } from "../../db/client";
import { clicks } from "../../db/schema/index";

export type ClickRow = typeof clicks.$inferInsert & { id: string; clickedAt: Date };

const MAX_BATCH = 500;

interface Pending {
  row: ClickRow;
  resolve(): void;
  reject(error: unknown): void;
}

/**
 * Group commit for clicks: the rows of every request that arrives while an insert is in flight go into the next
 * one, a single multi-row INSERT (one commit, one fsync). Each caller is answered only after its row committed,
 * so an acknowledged click is never lost and is readable at once; under no load a click waits for no one.
 */
class ClickWriter {
  private queue: Pending[] = [];
  private flushing = false;

  constructor(private readonly db: Database) {}

  write(row: ClickRow): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ row, resolve, reject });
      if (!this.flushing) void this.flush();
    });
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, MAX_BATCH);
        try {
          await this.db.insert(clicks).values(batch.map((p) => p.row));
          for (const p of batch) p.resolve();
        } catch (error) {
          if (batch.length === 1) batch[0]!.reject(error);
          // One bad row (a partner deleted a moment ago) must not fail its neighbours: retry them one by one.
          else for (const p of batch) await this.db.insert(clicks).values(p.row).then(p.resolve, p.reject);
        }
      }
    } finally {
      this.flushing = false;
    }
  }
}

const writers = new WeakMap<Database, ClickWriter>();

/** Inserts one click through the database handle's shared group-commit writer; resolves once it is committed. */
export function writeClick(db: Database, row: ClickRow): Promise<void> {
  let writer = writers.get(db);
  if (!writer) writers.set(db, (writer = new ClickWriter(db)));
  return writer.write(row);
}
