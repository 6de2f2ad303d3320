import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import autocannon from "autocannon";
import type { LoadOptions, LoadRequest, LoadResult, RequestFactoryModule } from "./load";
import { pacedLoad } from "./paced-load";

// The load generator's own process (started by runLoad): autocannon with a request built per call (or, at a fixed
// rate, an evenly paced open loop), result as JSON.
const options = JSON.parse(process.env.BENCH_LOAD_OPTIONS ?? "") as LoadOptions;

let factory: (n: number) => LoadRequest;
if ("module" in options.request) {
  const loaded = (await import(pathToFileURL(resolve(options.request.module)).href)) as { default: RequestFactoryModule };
  factory = loaded.default(options.request.params);
} else {
  const fixed = options.request;
  factory = () => fixed;
}

async function autocannonLoad(): Promise<LoadResult> {
  let counter = 0;
  const result = await autocannon({
    url: options.url,
    connections: options.connections,
    duration: options.durationSeconds,
    requests: [
      {
        setupRequest: (request) => {
          const next = factory(counter++);
          return { ...request, method: (next.method ?? "GET") as typeof request.method, path: next.path, headers: next.headers ?? {}, body: next.body };
        },
      },
    ],
  });

  const total = Object.values(result.statusCodeStats as unknown as Record<string, { count: number }>).reduce((sum, s) => sum + s.count, 0);
  return {
    requests: total,
    seconds: result.duration,
    perSecond: total / result.duration,
    latency: { p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, max: result.latency.max, mean: result.latency.mean },
    statusCodes: Object.fromEntries(Object.entries(result.statusCodeStats as unknown as Record<string, { count: number }>).map(([code, s]) => [code, s.count])),
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
  };
}

const output = options.rate
  ? await pacedLoad({ url: options.url, rate: options.rate, durationSeconds: options.durationSeconds, connections: options.connections, factory })
  : await autocannonLoad();
console.log(JSON.stringify(output));
