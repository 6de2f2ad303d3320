import { Agent, request } from "node:http";
import type { LoadResult, LoadSpec } from "./load-spec";

// A load generator in its own process (spawned by run-load.ts), so the server's event loop never carries it.
// `{{n}}` in the path, a header or the body becomes the request's sequence number; `{{ip}}` a distinct IPv4 address.

const spec = JSON.parse(process.argv[2]!) as LoadSpec;
const target = new URL(spec.url);
const agent = new Agent({ keepAlive: true, maxSockets: spec.connections });

const ipOf = (n: number) => `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
const fill = (template: string, n: number) => template.replaceAll("{{n}}", String(n)).replaceAll("{{ip}}", ipOf(n));

const statuses: Record<string, number> = {};
const latencies: number[] = [];
let errors = 0;
let next = 0;

function send(n: number): Promise<void> {
  const body = spec.body === undefined ? undefined : fill(spec.body, n);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(spec.headers ?? {})) headers[name] = fill(value, n);
  if (body !== undefined) headers["content-length"] = String(Buffer.byteLength(body));
  const started = performance.now();
  return new Promise((resolve) => {
    const req = request(
      { agent, host: target.hostname, port: target.port, method: spec.method, path: fill(`${target.pathname}${target.search}`, n), headers },
      (res) => {
        res.resume();
        res.on("end", () => {
          latencies.push(performance.now() - started);
          statuses[res.statusCode!] = (statuses[res.statusCode!] ?? 0) + 1;
          resolve();
        });
      },
    );
    req.on("error", () => {
      errors += 1;
      resolve();
    });
    req.end(body);
  });
}

const started = performance.now();
const deadline = started + spec.seconds * 1000;
await Promise.all(
  Array.from({ length: spec.connections }, async () => {
    while (performance.now() < deadline && (spec.maxRequests === undefined || next < spec.maxRequests)) await send(next++);
  }),
);
const seconds = (performance.now() - started) / 1000;
latencies.sort((a, b) => a - b);
const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
const result: LoadResult = { requests: latencies.length, errors, seconds, perSecond: latencies.length / seconds, statuses, p50: at(0.5), p99: at(0.99), max: at(1) };
process.stdout.write(`${JSON.stringify(result)}\n`);
agent.destroy();
