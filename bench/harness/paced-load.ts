import { Agent, request as httpRequest } from "node:http";
import type { LoadRequest, LoadResult } from "./load";

const TIMEOUT_MS = 10_000;

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/**
 * An open-loop load at a fixed rate: request i is due at start + i/rate, evenly spaced (autocannon's overallRate
 * sends each second's budget in a burst at the start of the second, which measures the burst's queue, not the
 * server). Latency runs from the due time, so a stalled server is charged for the requests it kept waiting
 * (no coordinated omission). At most `connections` keep-alive sockets; a request finding them all busy waits.
 */
export async function pacedLoad(options: { url: string; rate: number; durationSeconds: number; connections: number; factory: (n: number) => LoadRequest }): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: options.connections });
  const base = new URL(options.url);
  const total = Math.round(options.rate * options.durationSeconds);
  const latencies: number[] = [];
  const statusCodes: Record<string, number> = {};
  let errors = 0;
  let timeouts = 0;
  const start = performance.now();

  const send = (n: number, due: number) =>
    new Promise<void>((done) => {
      const next = options.factory(n);
      const req = httpRequest(
        { agent, host: base.hostname, port: base.port, method: next.method ?? "GET", path: next.path, headers: next.headers, timeout: TIMEOUT_MS },
        (res) => {
          res.resume();
          res.on("end", () => {
            latencies.push(performance.now() - due);
            statusCodes[res.statusCode!] = (statusCodes[res.statusCode!] ?? 0) + 1;
            done();
          });
        },
      );
      req.on("timeout", () => {
        timeouts++;
        req.destroy();
      });
      req.on("error", () => {
        errors++;
        done();
      });
      req.end(next.body);
    });

  const inFlight: Promise<void>[] = [];
  for (let n = 0; n < total; n++) {
    const due = start + (n * 1000) / options.rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    inFlight.push(send(n, due));
  }
  await Promise.all(inFlight);
  agent.destroy();
  const seconds = (performance.now() - start) / 1000;
  const sorted = latencies.sort((a, b) => a - b);
  const round = (ms: number) => Math.round(ms * 10) / 10;
  const answered = sorted.length;
  return {
    requests: answered,
    seconds,
    perSecond: answered / seconds,
    latency: {
      p50: round(percentile(sorted, 50)),
      p90: round(percentile(sorted, 90)),
      p99: round(percentile(sorted, 99)),
      max: round(sorted.at(-1) ?? 0),
      mean: round(sorted.reduce((s, v) => s + v, 0) / Math.max(1, answered)),
    },
    statusCodes,
    non2xx: Object.entries(statusCodes).filter(([code]) => !code.startsWith("2")).reduce((s, [, c]) => s + c, 0),
    errors,
    timeouts,
  };
}
