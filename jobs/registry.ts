import type { JobDefinition } from "./definition";
import { approveDueCommissionsJob } from "./approve-due-commissions";
import { createPayoutBatchJob } from "./create-payout-batch";
import { deleteExpiredSessionsJob } from "./delete-expired-sessions";
import { deliverWebhookJob } from "./deliver-webhook";
import { dispatchWebhookDeliveriesJob } from "./dispatch-webhook-deliveries";
import { issueRewardsJob } from "./issue-rewards";
import { payStoreCreditBatchJob } from "./pay-store-credit-batch";
import { processInboundEventJob } from "./process-inbound-event";
import { pruneInboundPayloadsJob } from "./prune-inbound-payloads";
import { runPayoutSchedulesJob } from "./run-payout-schedules";
import { sendEmailJob } from "./send-email";
import { sweepInboundEventsJob } from "./sweep-inbound-events";
import { syncTrackingSettingsJob } from "./sync-tracking-settings";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- payload types differ per job; each validates its own
export const jobDefinitions: JobDefinition<any>[] = [deleteExpiredSessionsJob, approveDueCommissionsJob, processInboundEventJob, sweepInboundEventsJob, pruneInboundPayloadsJob, issueRewardsJob, deliverWebhookJob, dispatchWebhookDeliveriesJob, createPayoutBatchJob, runPayoutSchedulesJob, payStoreCreditBatchJob, sendEmailJob, syncTrackingSettingsJob];

export function jobDefinitionOrThrow(name: string) {
  const definition = jobDefinitions.find((d) => d.name === name);
  if (!definition) throw new Error(`Unknown job "${name}"`);
  return definition;
}
