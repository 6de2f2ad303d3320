import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { configVariables } from "../../runtime/config";

// Hermetic: whatever the caller's shell exports (SHOPIFY_APP_URL, DATABASE_URL, ENCRYPTION_KEY, ...) never reaches
// the app under test. Every variable runtime/config.ts reads is removed; tests pass what they need explicitly.
for (const name of configVariables) delete process.env[name];

// Each test file gets its own data dir, so local secrets, keys, locks and PGlite files never collide.
process.env.DATA_DIR = mkdtempSync(join(tmpdir(), "affiliate-hub-test-"));
process.env.NODE_ENV = "test";
// Each test file has its own BullMQ queues on the shared Redis, so workers never take another file's jobs.
process.env.QUEUE_PREFIX = `test-${process.pid}-${Date.now()}`;
