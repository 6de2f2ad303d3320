import { z } from "zod";
import { pruneInboundPayloads } from "../domain/ingest/prune-inbound-payloads";
import { inboundPayloadRetentionDays } from "../runtime/config";
import { defineJob } from "./definition";

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Drops the stored payloads of processed and ignored webhooks older than INBOUND_PAYLOAD_RETENTION_DAYS (all shops),
 * so personal data in them is not kept for ever. The rows stay as dedupe records. Safe to run any number of times.
 */
export const pruneInboundPayloadsJob = defineJob({
  name: "prune-inbound-payloads",
  queue: "maintenance",
  payload: z.object({ retentionDays: z.number().int().min(1).optional() }).strict(),
  async handle({ retentionDays }, { db, log }) {
    const days = retentionDays ?? inboundPayloadRetentionDays();
    const pruned = await pruneInboundPayloads(db, new Date(Date.now() - days * DAY_MS));
    if (pruned > 0) log(`pruned the payloads of ${pruned} webhooks older than ${days} days`);
    return { pruned, retentionDays: days };
  },
});
