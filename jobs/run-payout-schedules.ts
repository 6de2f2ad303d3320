import { z } from "zod";
import { runDuePayoutSchedules } from "../domain/payouts/run-due-payout-schedules";
import { defineJob } from "./definition";

/** Creates the batches of the merchants' payout schedules that are due. */
export const runPayoutSchedulesJob = defineJob({
  name: "run-payout-schedules",
  queue: "payouts",
  payload: z.object({}).strict(),
  async handle(_payload, { db, log }) {
    const batches = await runDuePayoutSchedules(db);
    if (batches.length) log(`created ${batches.length} scheduled payout batches`);
    return { batches: batches.length };
  },
});
