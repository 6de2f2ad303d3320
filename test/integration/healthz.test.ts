import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningApp } from "../../runtime/start";
import { startTestApp } from "../helpers/app-server";
import { databaseKinds, targetFor } from "../helpers/databases";
import { PrivateRedis } from "../helpers/redis-server";
import { waitFor } from "../helpers/wait-for";

async function healthz(app: RunningApp) {
  const response = await fetch(`${app.url}/healthz`);
  return { status: response.status, body: (await response.json()) as Record<string, string> };
}

describe.each(databaseKinds)("GET /healthz on %s", (kind) => {
  let redis: PrivateRedis;
  let app: RunningApp;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    redis = await PrivateRedis.start();
    const target = await targetFor(kind);
    drop = target.drop;
    app = await startTestApp({ database: target.target, redisUrl: redis.url });
  });
  afterAll(async () => {
    await app?.close();
    await redis?.stop();
    await drop?.();
  });

  it("answers 200 with db and redis ok", async () => {
    expect(await healthz(app)).toEqual({ status: 200, body: { status: "ok", db: "ok", redis: "ok" } });
  });

  it("answers 503 naming redis while Redis is stopped, and 200 again once it is back", async () => {
    await redis.stop();
    const down = await waitFor(() => healthz(app), (h) => h.status === 503);
    expect(down.status).toBe(503);
    expect(down.body.db).toBe("ok");
    expect(down.body.status).toBe("unavailable");
    expect(down.body.redis).toMatch(/^down: /);

    await redis.start();
    const up = await waitFor(() => healthz(app), (h) => h.status === 200);
    expect(up.body).toEqual({ status: "ok", db: "ok", redis: "ok" });
  });
});
