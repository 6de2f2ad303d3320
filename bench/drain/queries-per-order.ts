import pg from "pg";
import { openDatabase } from "../../db/client";
import { migrateDatabase } from "../../db/migrate";
import { processInboundEventBatch } from "../../jobs/process-inbound-batch";
import { processInboundEvent } from "../../jobs/stored-event-plan";
import { createPostgresDatabase } from "../../test/helpers/databases";
import { seedDrainShop, storeOrderEvents } from "./order-mix";

// npx tsx bench/drain/queries-per-order.ts [orders] [batch]: the statements (round trips to PostgreSQL) that processing
// one stored order of each kind in the mix sends, counted at the driver, one order per transaction; then the average
// per order when `batch` orders share a transaction (the worker's batches). The last order's statements are printed.
const orders = Number(process.argv[2] ?? 40);
const batch = Number(process.argv[3] ?? 20);
const statements: string[] = [];
const timeByStatement = new Map<string, number[]>();
const paramsOf = new Map<string, unknown[]>();
const query = pg.Client.prototype.query;
pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  const arg = args[0] as string | { text: string };
  const text = (typeof arg === "string" ? arg : arg.text).replace(/\s+/g, " ").trim();
  statements.push(text);
  if (!paramsOf.has(text)) paramsOf.set(text, (args[1] ?? (arg as { values?: unknown[] }).values) as unknown[]);
  const started = performance.now();
  const result = (query as (...a: unknown[]) => unknown).apply(this, args);
  if (result instanceof Promise) {
    void result.then(() => {
      const times = timeByStatement.get(text) ?? [];
      times.push(performance.now() - started);
      timeByStatement.set(text, times);
    }, () => undefined);
  }
  return result;
} as typeof query;

const postgres = await createPostgresDatabase();
const handle = await openDatabase({ kind: "postgres", url: postgres.url });
try {
  await migrateDatabase(handle);
  const shopId = await seedDrainShop(handle.db);
  const ids = await storeOrderEvents(handle.db, shopId, "count", 0, orders);
  timeByStatement.clear();
  const perKind = [0, 0, 0, 0];
  for (const [n, id] of ids.entries()) {
    statements.length = 0;
    await processInboundEvent(handle.db, id);
    perKind[n % 4]! += statements.length;
  }
  statements.length = 0;
  const more = await storeOrderEvents(handle.db, shopId, "count", orders, orders * 2);
  const before = statements.length;
  for (let i = 0; i < more.length; i += batch) await processInboundEventBatch(handle.db, more.slice(i, i + batch));
  const batched = (statements.length - before) / more.length;
  const kinds = ["referral key, new customer", "coupon, repeat customer", "no evidence, new customer", "referral key, repeat customer"];
  kinds.forEach((kind, i) => console.log(`${kind}: ${(perKind[i]! / (orders / 4)).toFixed(1)} statements`));
  console.log(`the same mix in transactions of ${batch} orders: ${batched.toFixed(1)} statements per order`);
  const slowest = [...timeByStatement].map(([text, t]) => [text, t.reduce((a, b) => a + b, 0) / t.length, t.length] as const).sort((a, b) => b[1] - a[1]);
  console.log("slowest statements (mean ms, round trip included):");
  for (const [text, mean, n] of slowest.slice(0, 8)) console.log(`  ${mean.toFixed(2)} ms x${n}  ${text.slice(0, 150)}`);
  // Where the time of the most frequent reads goes inside PostgreSQL (the rest of a round trip is the client's and the wire's).
  const explain = new pg.Client({ connectionString: postgres.url });
  explain.on("error", () => undefined);
  await explain.connect();
  const frequent = [...timeByStatement].filter(([text]) => text.startsWith("select")).sort((a, b) => b[1].length - a[1].length).slice(0, 5);
  for (const [text] of frequent) {
    const plan = await (query as (this: pg.Client, text: string, values?: unknown[]) => Promise<{ rows: Record<string, string>[] }>).call(explain, `explain (analyze, costs off) ${text}`, paramsOf.get(text));
    const lines = plan.rows.map((row) => Object.values(row)[0]);
    console.log(`EXPLAIN ANALYZE ${text.slice(0, 90)}...\n${lines.filter((l) => /Scan|Execution|Planning/.test(l!)).map((l) => `    ${l}`).join("\n")}`);
  }
  await explain.end();
  console.log(`last order's statements:\n${statements.map((s) => `  ${s.slice(0, 160)}`).join("\n")}`);
} catch (error) {
  console.error(error);
} finally {
  await handle.close();
  await postgres.drop();
}
