import { count } from "drizzle-orm";
import { clicks } from "../db/schema/index";
import { createApiKey } from "../domain/access/create-api-key";
import { loadConfig } from "../runtime/config";
import { signedProxyUrl } from "../test/helpers/app-proxy-signer";
import { startAppWithShop } from "../test/helpers/proxy-app";
import { runLoad } from "./load/run-load";
import type { LoadResult, LoadSpec } from "./load/load-spec";
import type { BenchResult } from "./measure";

const SHOP = "bench-clicks.myshopify.com";
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 32;
const BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36";

const describe = (r: LoadResult) =>
  `p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms, statuses ${JSON.stringify(r.statuses)}${r.errors ? `, ${r.errors} errors` : ""}`;

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
    const results: BenchResult[] = [];
    let baseline = 0;
    for (const [name, spec, expected] of runs) {
      const before = await storedClicks(app.database.db);
      const result = await runLoad(spec());
      const stored = (await storedClicks(app.database.db)) - before;
      const ok = result.statuses[expected] ?? 0;
      if (!baseline) baseline = ok / result.seconds;
      const ratio = baseline ? ` = ${((100 * ok) / result.seconds / baseline).toFixed(0)}% of the baseline` : "";
      const storedNote = expected === 201 ? `, ${stored} clicks stored` : "";
      results.push({ name: `${name}, ${CONNECTIONS} in flight (${describe(result)}${storedNote})${ratio}`, operations: ok, seconds: result.seconds, perSecond: ok / result.seconds });
    }
    return results;
  } finally {
    await fixture.close();
  }
}

async function storedClicks(db: Parameters<typeof createApiKey>[0]): Promise<number> {
  const [row] = await db.select({ n: count() }).from(clicks);
  return row!.n;
}
