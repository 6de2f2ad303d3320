import { resetInboundEventsForReplay } from "../../domain/ingest/reset-inbound-events";
import { findShopByDomainOrThrow } from "../../domain/shops/find-shop-by-domain-or-throw";
import { createProducerConnection } from "../../jobs/connection";
import { inboundJobId, processInboundEventJob } from "../../jobs/process-inbound-event";
import { JobProducer } from "../../jobs/producer";
import { CliUsageError, requireFlag } from "../args";
import type { CliCommand } from "./command";

async function enqueueAll(redisUrl: string, prefix: string, ids: string[]): Promise<number> {
  const producer = new JobProducer(createProducerConnection(redisUrl, { enableOfflineQueue: true, maxRetriesPerRequest: 0, retryStrategy: () => null }), prefix);
  const stamp = Date.now();
  try {
    for (const id of ids) await producer.enqueue(processInboundEventJob, { inboundEventId: id }, { jobId: inboundJobId(id, `replay-${stamp}`) });
    return ids.length;
  } catch {
    return 0;
  } finally {
    await producer.close();
  }
}

export const eventsReplay: CliCommand = {
  name: "events replay",
  usage: "events replay --shop your-store.myshopify.com [--since 2026-11-01T00:00:00Z]",
  async run(flags, { db, config }) {
    const shop = await findShopByDomainOrThrow(db, requireFlag(flags, "shop"));
    const since = flags.since ? new Date(flags.since) : null;
    if (since && Number.isNaN(since.getTime())) throw new CliUsageError("--since must be an ISO date such as 2026-11-01T00:00:00Z");
    const ids = await resetInboundEventsForReplay(db, shop.id, since);
    const enqueued = ids.length ? await enqueueAll(config.redisUrl, config.queuePrefix, ids) : 0;
    return [JSON.stringify({ shop: shop.domain, replayed: ids.length, enqueued, note: enqueued < ids.length ? "Redis unreachable: the sweeper will enqueue them" : undefined })];
  },
};
