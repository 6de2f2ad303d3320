import { spawn } from "node:child_process";
import { projectRoot } from "../../test/helpers/processes";

/** One request the load generator sends; `path` is appended to the target URL. */
export interface LoadRequest {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

/**
 * A module the load process imports: its default export turns `params` into a factory called once per request
 * (with a counter unique within the run), so every request can carry its own event id and signature.
 */
export type RequestFactoryModule = (params: unknown) => (n: number) => LoadRequest;

export interface LoadOptions {
  /** Base URL of the server, e.g. http://127.0.0.1:3000. */
  url: string;
  /** The same request every time, or a factory module (path relative to the project root) with its params. */
  request: LoadRequest | { module: string; params?: unknown };
  connections: number;
  durationSeconds: number;
  /** Fixed overall rate in requests/s (like wrk -R); omitted: as fast as the server answers. */
  rate?: number;
}

export interface LoadResult {
  requests: number;
  seconds: number;
  perSecond: number;
  /** Milliseconds; with a fixed rate, corrected for coordinated omission (a stalled server counts the wait). */
  latency: { p50: number; p90: number; p99: number; max: number; mean: number };
  statusCodes: Record<string, number>;
  non2xx: number;
  errors: number;
  timeouts: number;
}

/** Runs autocannon in a process of its own (never in the server's event loop) and returns its figures. */
export function runLoad(options: LoadOptions): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "bench/harness/load-process.ts"], {
      cwd: projectRoot,
      env: { ...process.env, BENCH_LOAD_OPTIONS: JSON.stringify(options) },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("exit", (code) => {
      const last = stdout.trim().split("\n").at(-1) ?? "";
      if (code !== 0 || !last.startsWith("{")) reject(new Error(`load process exited with ${code}:\n${stderr}${stdout}`));
      else resolve(JSON.parse(last) as LoadResult);
    });
  });
}

export const formatLoad = (r: LoadResult) =>
  `${r.perSecond.toFixed(0)} req/s; p50 ${r.latency.p50} ms, p90 ${r.latency.p90} ms, p99 ${r.latency.p99} ms, max ${r.latency.max} ms; ` +
  `${r.non2xx} non-2xx, ${r.errors} errors, ${r.timeouts} timeouts`;
