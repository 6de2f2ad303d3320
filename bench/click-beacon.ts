import { count } from "drizzle-orm";
import { clicks } from "../db/schema/index";
import { createApiKey } from "../domain/access/create-api-key";
import { loadConfig } from "../runtime/config";
import { signedProxyUrl } from "../test/helpers/app-proxy-signer";
import { startAppWithShop } from "../test/helpers/proxy-app";
import { runLoad } from "./load/run-load";
import type { LoadSpec } from "./load/load-spec";
import type { BenchResult } from "./measure";

const SHOP = "bench-clicks.myshopify.com";
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const ROUNDS = 3;
const CONNECTIONS = 32;
const BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36";

/**
 * The click beacon (POST /proxy/track, signed app proxy request) and POST /api/v1/clicks on PostgreSQL, each visit
 * from its own address so the per-IP limit never trips; load from a separate process; baseline: GET / on the same server.
 */
export async function benchClickBeacon(): Promise<BenchResult[]> {
  const fixture = await startAppWithShop("postgres", SHOP);
  const { app } = fixture;
  try {
    const { key } = await createApiKey(app.database.db, fixture.shop.id);
    const base = { connections: CONNECTIONS, seconds: SECONDS };
    const json = { "content-type": "application/json", "user-agent": BROWSER };
    const body = JSON.stringify({ referral_key: "AVA", url: `https://${SHOP}/products/x?ref=AVA`, visitor_id: "visitor-{{n}}" });
    // Specs are built just before their run: the app proxy signature is valid for 90 s.
    const runs: Array<[string, () => LoadSpec, number]> = [
      ["GET / (bare route, 302), baseline", () => ({ ...base, url: `${app.url}/`, method: "GET" }), 302],
      [
        "POST /proxy/track (signed app proxy beacon)",
        () => ({ ...base, url: signedProxyUrl(app.url, "/track", { shop: SHOP, secret: loadConfig().shopify.apiSecret }), method: "POST", headers: { ...json, "x-forwarded-for": "{{ip}}" }, body }),
        201,
      ],
      [
        "POST /api/v1/clicks (API key)",
        () => ({
          ...base,
          url: `${app.url}/api/v1/clicks`,
          method: "POST",
          headers: { ...json, authorization: `Bearer ${key}` },
          body: JSON.stringify({ referral_key: "AVA", url: `https://${SHOP}/?ref=AVA`, visitor_id: "api-{{n}}", ip: "{{ip}}", user_agent: BROWSER }),
        }),
        201,
      ],
    ];
    // Rounds interleave the three endpoints, so load from other work on the machine falls on all of them alike.
    const totals = runs.map(() => ({ ok: 0, seconds: 0, stored: 0, statuses: {} as Record<string, number>, p50: [] as number[], p99: [] as number[], errors: 0 }));
    for (let round = 0; round < ROUNDS; round++) {
      for (const [i, [, spec, expected]] of runs.entries()) {
        const before = await storedClicks(app.database.db);
        const result = await runLoad(spec());
        const total = totals[i]!;
        total.stored += (await storedClicks(app.database.db)) - before;
        total.ok += result.statuses[expected] ?? 0;
        total.seconds += result.seconds;
        total.errors += result.errors;
        total.p50.push(result.p50);
        total.p99.push(result.p99);
        for (const [status, n] of Object.entries(result.statuses)) total.statuses[status] = (total.statuses[status] ?? 0) + n;
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

async function storedClicks(db: Parameters<typeof createApiKey>[0]): Promise<number> {
  const [row] = await db.select({ n: count() }).from(clicks);
  return row!.n;
}
