import { z } from "zod";
import { deleteStalePortalLogins } from "../domain/portal/delete-stale-portal-logins";
import { deleteExpiredSessions } from "../domain/shops/delete-expired-sessions";
import { defineJob } from "./definition";

/** Removes Shopify sessions whose expiry has passed (online tokens, expired refresh tokens) and stale portal sign-ins. */
export const deleteExpiredSessionsJob = defineJob({
  name: "delete-expired-sessions",
  queue: "maintenance",
  payload: z.object({}).strict(),
  async handle(_payload, { db, log }) {
    const now = new Date();
    const deleted = await deleteExpiredSessions(db, now);
    const portalLogins = await deleteStalePortalLogins(db, now);
    log(`deleted ${deleted} expired sessions and ${portalLogins} stale portal sign-ins`);
    return { deleted, portalLogins };
  },
});
