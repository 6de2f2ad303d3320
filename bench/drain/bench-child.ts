import { spawn } from "node:child_process";
import { mkdirSync } from "node:fs";
import { childEnv, projectRoot } from "../../test/helpers/processes";

const PROFILE_DIR = new URL("../profiles/", import.meta.url).pathname;

/**
 * Runs a benchmark's other side in its own Node process (node --import tsx, so --cpu-prof profiles the script
 * itself: set BENCH_CPU_PROF=1, profiles land in bench/profiles/) and returns the JSON line it prints last.
 */
export function runBenchChild<T = { seconds: number }>(script: string, env: Record<string, string>, deadlineMs = 600_000): Promise<T> {
  const flags = process.env.BENCH_CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${PROFILE_DIR}`] : [];
  if (flags.length) mkdirSync(PROFILE_DIR, { recursive: true });
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...flags, "--import", "tsx", script], { cwd: projectRoot, env: childEnv(env), stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), deadlineMs);
    child.on("exit", (code) => {
      clearTimeout(timer);
      const last = stdout.trim().split("\n").at(-1) ?? "";
      if (code !== 0 || !last.startsWith("{")) return reject(new Error(`${script} exited ${code}: ${stderr.slice(-2_000)}${stdout.slice(-1_000)}`));
      resolve(JSON.parse(last) as T);
    });
  });
}
