import { configVariables, type Environment } from "../../runtime/config";
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const require = createRequire(import.meta.url);
const tsxCli = join(dirname(require.resolve("tsx/package.json")), "dist", "cli.mjs");
export const projectRoot = join(dirname(new URL(import.meta.url).pathname), "..", "..");

export interface ProcessResult {
  code: number | null;
  stdout: string;
  stderr: string;
  /** true when the process had to be killed at the deadline. */
  killed: boolean;
}

const harnessVariables = new Set(["DATA_DIR", "NODE_ENV", "QUEUE_PREFIX"]);

/** The child's environment: this process's, without any app variable but those test/helpers/setup.ts set, plus `env`. */
export function childEnv(env: Environment): NodeJS.ProcessEnv {
  const base = Object.fromEntries(Object.entries(process.env).filter(([name]) => !configVariables.includes(name) || harnessVariables.has(name)));
  return { ...base, ...env } as NodeJS.ProcessEnv;
}

/** Runs a TypeScript entry of the project on this Node (24) through tsx, with a hard deadline. */
export function runTs(script: string, args: string[], env: Environment, deadlineMs = 60_000): Promise<ProcessResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [tsxCli, script, ...args], { cwd: projectRoot, env: childEnv(env) });
    let stdout = "";
    let stderr = "";
    let killed = false;
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    const timer = setTimeout(() => {
      killed = true;
      child.kill("SIGKILL");
    }, deadlineMs);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, killed });
    });
  });
}

export const runCli = (args: string[], env: Environment) => runTs("cli/main.ts", args, env);

/** Starts a long-running TypeScript entry; resolves once `ready` matches its stdout. */
export function startTs(script: string, args: string[], env: Environment, ready: RegExp, deadlineMs = 60_000) {
  const child = spawn(process.execPath, [tsxCli, script, ...args], { cwd: projectRoot, env: childEnv(env) });
  let output = "";
  const started = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not ready in ${deadlineMs} ms:\n${output}`)), deadlineMs);
    const onData = (d: Buffer) => {
      output += d;
      if (ready.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.on("exit", (code) => reject(new Error(`exited with ${code} before ready:\n${output}`)));
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, started, exited, output: () => output };
}
