import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

// Each test file gets its own data dir, so local secrets, locks and PGlite files never collide.
process.env.DATA_DIR = mkdtempSync(join(tmpdir(), "affiliate-hub-test-"));
process.env.NODE_ENV = "test";
// Each test file has its own BullMQ queues on the shared Redis, so workers never take another file's jobs.
process.env.QUEUE_PREFIX = `test-${process.pid}-${Date.now()}`;
delete process.env.DATABASE_URL;
delete process.env.SHOPIFY_API_KEY;
delete process.env.SHOPIFY_API_SECRET;
