import { createHash } from "node:crypto";
import { currentProducerOrThrow } from "../../jobs/current";

/** Clicks one address may report per minute and shop (beacon and API alike); real visitors stay far below it. */
export const CLICKS_PER_IP_PER_MINUTE = 20;

/**
 * A fixed window per key in Redis (one minute unless told), shared by every web process; the key is stored
 * hashed. When Redis is down the request is let through: losing a click count is better than refusing real visitors.
 */
export async function withinRateLimit(scope: string, key: string, perWindow: number, windowSeconds = 60): Promise<boolean> {
  const window = Math.floor(Date.now() / (windowSeconds * 1000));
  const hashed = createHash("sha256").update(key).digest("hex").slice(0, 32);
  const redisKey = `${process.env.QUEUE_PREFIX ?? "affiliate-hub"}:ratelimit:${scope}:${hashed}:${window}`;
  try {
    const redis = currentProducerOrThrow().connection;
    const [[, count]] = (await redis.multi().incr(redisKey).expire(redisKey, windowSeconds * 2).exec()) as [[Error | null, number]];
    return count <= perWindow;
  } catch (error) {
    console.error(`[rate-limit] ${scope}: ${(error as Error).message}; request allowed`);
    return true;
  }
}

/** The visitor's address as the app proxy (or a load balancer) reports it. */
export const clientIp = (request: Request): string | null => request.headers.get("x-forwarded-for")?.split(",")[0]?.trim() || null;
