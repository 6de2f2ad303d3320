import { Redis, type RedisOptions } from "ioredis";

export class RedisUnavailableError extends Error {
  override name = "RedisUnavailableError";
}

export function redactRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "(unparseable REDIS_URL)";
  }
}

export function redisUnavailableMessage(url: string, cause: string): string {
  return (
    `Redis is not reachable at REDIS_URL=${redactRedisUrl(url)} (${cause}). ` +
    `Start Redis (for example: redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no) ` +
    `or set REDIS_URL to a running server.`
  );
}

function logErrorsOnce(client: Redis, role: string): Redis {
  let lastMessage = "";
  client.on("error", (error: Error) => {
    if (error.message !== lastMessage) console.error(`[redis:${role}] ${error.message}`);
    lastMessage = error.message;
  });
  client.on("ready", () => {
    if (lastMessage) console.log(`[redis:${role}] connected again`);
    lastMessage = "";
  });
  return client;
}

/** Producers (web process): commands fail at once while Redis is down instead of queueing in memory. */
export function createProducerConnection(url: string, extra: RedisOptions = {}): Redis {
  return logErrorsOnce(
    new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 3_000, ...extra }),
    "producer",
  );
}

/** Workers: block and reconnect for ever; BullMQ requires maxRetriesPerRequest null here. */
export function createWorkerConnection(url: string): Redis {
  return logErrorsOnce(new Redis(url, { maxRetriesPerRequest: null, connectTimeout: 3_000 }), "worker");
}

/** Resolves when Redis answers PING; rejects with RedisUnavailableError within timeoutMs otherwise. */
export async function assertRedisReachable(url: string, timeoutMs = 3_000): Promise<void> {
  const client = new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: timeoutMs,
    retryStrategy: () => null,
  });
  let lastError: Error | undefined;
  client.on("error", (error: Error) => {
    lastError = error;
  });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer in ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([client.connect().then(() => client.ping()), timeout]);
  } catch (error) {
    const cause = lastError?.message || (error as Error).message || "connection failed";
    throw new RedisUnavailableError(redisUnavailableMessage(url, cause));
  } finally {
    clearTimeout(timer);
    client.disconnect();
  }
}
