import { assertRedisReachable, RedisUnavailableError } from "../jobs/connection";
import { ConfigError, loadConfig } from "./config";
import type { RunningApp } from "./start";

/** Entry of npm start, start:web and start:worker: exits non-zero with a one-line reason when it cannot start. */
export async function main(roles: { web: boolean; worker: boolean }): Promise<void> {
  let app: RunningApp | undefined;
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal} received, shutting down`);
    const forced = setTimeout(() => process.exit(1), 10_000);
    forced.unref();
    await app?.close();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
  try {
    const config = loadConfig();
    // Checked before the rest of the app is even loaded, so a missing Redis is reported within seconds.
    await assertRedisReachable(config.redisUrl, 2_000);
    const { startApp } = await import("./start");
    app = await startApp({ config, ...roles, seedWhenEmpty: true });
  } catch (error) {
    const known = error instanceof ConfigError || error instanceof RedisUnavailableError;
    console.error(known ? (error as Error).message : `Affiliate Hub could not start: ${(error as Error).stack ?? error}`);
    process.exit(1);
  }
}
