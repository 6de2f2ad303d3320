import { setTimeout } from "node:timers/promises";
import { count } from "drizzle-orm";
import { clicks } from "../db/schema/index";
import { createApiKey } from "../domain/access/create-api-key";
import { loadConfig } from "../runtime/config";
import { startAppWithShop } from "../test/helpers/proxy-app";
import type { ClickParams } from "./harness/click-requests";
import { runLoad, type LoadOptions } from "./harness/load";
import type { BenchResult } from "./measure";

const SHOP = "bench-clicks.myshopify.com";
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const ROUNDS = 3;
const CONNECTIONS = 32;
const BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36";

/**
 * The click beacon (POST /proxy/track, signed app proxy request) and POST /api/v1/clicks on PostgreSQL, each visit
 * from its own address so the per-IP limit never trips; load from autocannon in a separate process
 * (bench/harness/load.ts); baseline: GET / on the same server.
 */
export async function benchClickBeacon(): Promise<BenchResult[]> {
  const fixture = await startAppWithShop("postgres", SHOP);
  const { app } = fixture;
  try {
    const { key } = await createApiKey(app.database.db, fixture.shop.id);
    let runId = 0;
    const clicksFrom = (endpoint: ClickParams["endpoint"], secret: string): LoadOptions["request"] => ({
      module: "bench/harness/click-requests.ts",
      params: { endpoint, shop: SHOP, secret, runId: ++runId, referralKey: "AVA", userAgent: BROWSER } satisfies ClickParams,
    });
    const runs: Array<[string, () => LoadOptions["request"], number]> = [
      ["GET / (bare route, 302), baseline", () => ({ path: "/" }), 302],
      ["POST /proxy/track (signed app proxy beacon)", () => clicksFrom("proxy", loadConfig().shopify.apiSecret), 201],
      ["POST /api/v1/clicks (API key)", () => clicksFrom("api", key), 201],
    ];
    // Rounds interleave the three endpoints, so load from other work on the machine falls on all of them alike.
    const totals = runs.map(() => ({ ok: 0, seconds: 0, stored: 0, statuses: {} as Record<string, number>, p50: [] as number[], p99: [] as number[], errors: 0 }));
    for (let round = 0; round < ROUNDS; round++) {
      for (const [i, [, request, expected]] of runs.entries()) {
        const before = await settledClicks(app.database.db);
        const result = await runLoad({ url: app.url, request: request(), connections: CONNECTIONS, durationSeconds: SECONDS });
        const total = totals[i]!;
        total.stored += (await settledClicks(app.database.db)) - before;
        total.ok += result.statusCodes[expected] ?? 0;
        total.seconds += result.seconds;
        total.errors += result.errors;
        total.p50.push(result.latency.p50);
        total.p99.push(result.latency.p99);
        for (const [status, n] of Object.entries(result.statusCodes)) total.statuses[status] = (total.statuses[status] ?? 0) + n;
      }
    }
    const baseline = totals[0]!.ok / totals[0]!.seconds;
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    const results: BenchResult[] = runs.map(([name, , expected], i) => {
      const t = totals[i]!;
      const perSecond = t.ok / t.seconds;
      const detail = `p50 ${median(t.p50).toFixed(1)} ms, p99 ${median(t.p99).toFixed(1)} ms (medians of ${ROUNDS} rounds), statuses ${JSON.stringify(t.statuses)}${t.errors ? `, ${t.errors} errors` : ""}`;
      const storedNote = expected === 201 ? `, ${t.stored} clicks stored` : "";
      return { name: `${name}, ${CONNECTIONS} in flight (${detail}${storedNote}) = ${((100 * perSecond) / baseline).toFixed(0)}% of the baseline`, operations: t.ok, seconds: t.seconds, perSecond };
    });
    return results;
  } finally {
    await fixture.close();
  }
}

/**
 * The stored clicks once the count stops moving: autocannon drops the requests still in flight when time is up
 * (up to one per connection), and the server stores those after the run, so they count for this run, not the next.
 */
async function settledClicks(db: Parameters<typeof createApiKey>[0]): Promise<number> {
  for (let last = -1; ; await setTimeout(200)) {
    const [row] = await db.select({ n: count() }).from(clicks);
    if (row!.n === last) return last;
    last = row!.n;
  }
}
