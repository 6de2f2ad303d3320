import { resolve } from "node:path";
import { openDatabase } from "../db/client";
import { migrateDatabase } from "../db/migrate";
import type { CliResult } from "../runtime/cli-runner";
import { ConfigError, loadConfig, type AppConfig, type Environment } from "../runtime/config";
import { readLiveLock, type ServerLock } from "../runtime/process-lock";
import { runCliCommand } from "./run";

async function viaRunningServer(lock: ServerLock, args: string[]): Promise<CliResult> {
  const response = await fetch(`http://127.0.0.1:${lock.port}/internal/cli`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${lock.token}` },
    body: JSON.stringify({ args }),
    signal: AbortSignal.timeout(30_000),
  });
  if (!response.ok) throw new Error(`the running app (pid ${lock.pid}) answered ${response.status}`);
  return (await response.json()) as CliResult;
}

async function direct(config: AppConfig, args: string[]): Promise<CliResult> {
  const handle = await openDatabase(config.database);
  try {
    await migrateDatabase(handle);
    return await runCliCommand(args, { db: handle.db, config });
  } finally {
    await handle.close();
  }
}

/** The running app reads `--file` and writes `--out`: give it this shell's paths, not ones relative to the app's directory. */
const withAbsoluteOut = (args: string[]) =>
  args.map((arg, i) => {
    if (args[i - 1] === "--out" || args[i - 1] === "--file") return resolve(arg);
    const inline = /^--(out|file)=(.*)$/.exec(arg);
    return inline ? `--${inline[1]}=${resolve(inline[2]!)}` : arg;
  });

/**
 * One CLI invocation configured by `env`. PostgreSQL: always direct. Embedded PGlite: one process may own the
 * data dir, so while the app runs the command is executed by the app through /internal/cli; when it is stopped,
 * the CLI opens the dir itself. `pid` is the CLI's own process id (a lock it holds itself is stale); tests that
 * run the CLI in-process beside an in-process app pass another, as a separate CLI process would have.
 */
export async function runCliFromEnvironment(args: string[], env: Environment, pid = process.pid): Promise<CliResult> {
  try {
    const config = loadConfig(env);
    const lock = config.database.kind === "pglite" ? readLiveLock(config.dataDir, pid) : undefined;
    return lock ? await viaRunningServer(lock, withAbsoluteOut(args)) : await direct(config, args);
  } catch (error) {
    return { exitCode: 1, stdout: [], stderr: [`error: ${error instanceof ConfigError ? error.message : (error as Error).message}`] };
  }
}
