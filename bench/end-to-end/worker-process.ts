import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { childEnv, projectRoot } from "../../test/helpers/processes";

/** `npm run start:worker` (jobs/worker-main.ts) as its own process on a PostgreSQL database and queue prefix; resolves once started. */
export async function startWorkerProcess(options: { databaseUrl: string; redisUrl: string; queuePrefix: string; nodeArgs?: string[] }) {
  const dataDir = mkdtempSync(join(tmpdir(), "ah-bench-worker-"));
  const env = {
    NODE_ENV: "development",
    DATABASE_URL: options.databaseUrl,
    REDIS_URL: options.redisUrl,
    QUEUE_PREFIX: options.queuePrefix,
    DATA_DIR: dataDir,
    SHOPIFY_API_KEY: "bench-app",
    SHOPIFY_API_SECRET: randomBytes(24).toString("hex"),
    ENCRYPTION_KEY: randomBytes(32).toString("base64"),
  };
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), "--import", "tsx", "jobs/worker-main.ts"], { cwd: projectRoot, env: childEnv(env), stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the worker did not start in 60 s:\n${log}`)), 60_000);
    const onData = (d: Buffer) => {
      log += d;
      if (log.includes("workers started")) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    void exited.then((code) => reject(new Error(`the worker exited with ${code}:\n${log}`)));
  });
  return {
    output: () => log,
    async stop(): Promise<number | null> {
      child.kill("SIGTERM");
      const code = await exited;
      rmSync(dataDir, { recursive: true, force: true });
      return code;
    },
  };
}
