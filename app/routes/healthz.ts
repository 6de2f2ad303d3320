import { sql } from "drizzle-orm";
import { currentProducerOrThrow } from "../../jobs/current";
import { db } from "../db.server";

const CHECK_TIMEOUT_MS = 2_000;

async function check(probe: () => Promise<unknown>): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      probe(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer in ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
      }),
    ]);
    return "ok";
  } catch (error) {
    return `down: ${(error as Error).message}`;
  } finally {
    clearTimeout(timer);
  }
}

/** 200 {db:"ok",redis:"ok"} when both answer; 503 with "down: reason" on each that does not. */
export async function loader() {
  const [database, redis] = await Promise.all([check(() => db().execute(sql`select 1`)), check(() => currentProducerOrThrow().ping())]);
  const healthy = database === "ok" && redis === "ok";
  return Response.json(
    { status: healthy ? "ok" : "unavailable", db: database, redis },
    { status: healthy ? 200 : 503, headers: { "Cache-Control": "no-store" } },
  );
}
