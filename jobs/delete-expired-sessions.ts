import { z } from "zod";
import { deleteExpiredSessions } from "../domain/shops/delete-expired-sessions";
import { defineJob } from "./definition";

/** Removes Shopify sessions whose expiry has passed (online tokens, expired refresh tokens). */
export const deleteExpiredSessionsJob = defineJob({
  name: "delete-expired-sessions",
  queue: "maintenance",
  payload: z.object({}).strict(),
  async handle(_payload, { db, log }) {
    const deleted = await deleteExpiredSessions(db, new Date());
    log(`deleted ${deleted} expired sessions`);
    return { deleted };
  },
});
