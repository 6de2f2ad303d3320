import { z } from "zod";
import { approveDueCommissions } from "../domain/commissions/review-commission";
import { defineJob } from "./definition";

/** Approves every pending commission whose hold period has passed (all shops). Safe to run any number of times. */
export const approveDueCommissionsJob = defineJob({
  name: "approve-due-commissions",
  queue: "approvals",
  payload: z.object({}).strict(),
  async handle(_payload, { db, log }) {
    const approved = await approveDueCommissions(db, new Date());
    if (approved > 0) log(`approved ${approved} commissions past their hold period`);
    return { approved };
  },
});
