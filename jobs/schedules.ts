import type { JobDefinition } from "./definition";
import { approveDueCommissionsJob } from "./approve-due-commissions";
import { deleteExpiredSessionsJob } from "./delete-expired-sessions";
import { pruneInboundPayloadsJob } from "./prune-inbound-payloads";
import { issueRewardsJob } from "./issue-rewards";
import { dispatchWebhookDeliveriesJob } from "./dispatch-webhook-deliveries";
import { runPayoutSchedulesJob } from "./run-payout-schedules";
import { sweepInboundEventsJob } from "./sweep-inbound-events";

export interface JobSchedule {
  id: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any job's definition
  job: JobDefinition<any>;
  everyMs: number;
}

/** Repeating jobs, installed by the worker with upsertJobScheduler (idempotent across restarts and replicas). */
export const jobSchedules: JobSchedule[] = [
  { id: "delete-expired-sessions-hourly", job: deleteExpiredSessionsJob, everyMs: 60 * 60 * 1000 },
  { id: "approve-due-commissions-every-10-minutes", job: approveDueCommissionsJob, everyMs: 10 * 60 * 1000 },
  { id: "sweep-inbound-events-every-minute", job: sweepInboundEventsJob, everyMs: 60 * 1000 },
  { id: "prune-inbound-payloads-hourly", job: pruneInboundPayloadsJob, everyMs: 60 * 60 * 1000 },
  { id: "issue-rewards-every-minute", job: issueRewardsJob, everyMs: 60 * 1000 },
  { id: "dispatch-webhook-deliveries-every-2-seconds", job: dispatchWebhookDeliveriesJob, everyMs: 2 * 1000 },
  { id: "run-payout-schedules-every-5-minutes", job: runPayoutSchedulesJob, everyMs: 5 * 60 * 1000 },
];
