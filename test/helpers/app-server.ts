import { loadConfig, type AppConfig, type Environment } from "../../runtime/config";
import { startApp, type RunningApp } from "../../runtime/start";
import type { DatabaseTarget } from "../../db/client";
import { TEST_REDIS_URL } from "./redis-server";

export function testConfig(overrides: { database: DatabaseTarget; redisUrl?: string; env?: Environment }): AppConfig {
  const config = loadConfig({ ...process.env, ...overrides.env });
  return { ...config, database: overrides.database, redisUrl: overrides.redisUrl ?? TEST_REDIS_URL };
}

/** The real app (express + Remix build) on a free port, in this process. */
export async function startTestApp(options: {
  database: DatabaseTarget;
  redisUrl?: string;
  worker?: boolean;
  env?: Environment;
}): Promise<RunningApp> {
  return startApp({
    config: testConfig(options),
    web: true,
    worker: options.worker ?? false,
    port: 0,
    log: () => undefined,
  });
}
