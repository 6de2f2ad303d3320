import { runCliFromEnvironment } from "../../cli/run-from-environment";
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

/** Runs this Node (24) with `argv` in the project's directory, with a hard deadline. */
function runNode(argv: string[], env: Environment, deadlineMs: number): Promise<ProcessResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, argv, { cwd: projectRoot, env: childEnv(env) });
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

/** Runs a TypeScript entry of the project on this Node (24) through tsx, with a hard deadline. */
export const runTs = (script: string, args: string[], env: Environment, deadlineMs = 60_000) => runNode([tsxCli, script, ...args], env, deadlineMs);

/** The CLI as a real process: the package bin, which re-runs cli/main.ts on the pinned Node through tsx. */
export const runCliProcess = (args: string[], env: Environment) => runNode(["bin/affiliate-hub.js", ...args], env, 60_000);

/**
 * The CLI's whole logic (cli/main.ts minus writing to the process's streams) run in this process, with the
 * environment a child would get and its output as the child would print it. Seconds faster than a process per call;
 * runCliProcess proves the bin itself. It stands in for a separate process, so an app started by this test file
 * owns the data dir as far as the CLI can tell (pid 0 is never a server's).
 */
export async function runCli(args: string[], env: Environment): Promise<ProcessResult> {
  const result = await runCliFromEnvironment(args, childEnv(env), 0);
  const print = (lines: string[]) => lines.map((line) => `${line}\n`).join("");
  return { code: result.exitCode, stdout: print(result.stdout), stderr: print(result.stderr), killed: false };
}

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
