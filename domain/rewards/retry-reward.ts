import { and, eq, lt, or } from "drizzle-orm";
import type { Database } from "../../db/client";
import { rewards } from "../../db/schema/index";
import { conflict, notFound } from "../shared/errors";
import { isUuid } from "../shared/ids";

/** An `issuing` reward younger than this may still be in a worker's hands: it cannot be retried yet. */
export const STUCK_AFTER_MS = 5 * 60_000;

/**
 * Releases a failed reward, or one stuck `issuing` (the merchant checked in Shopify that nothing was created), so
 * the issue-rewards job claims and delivers it again. The release is one conditional delete: of two concurrent
 * retries only one releases it, and the job's claim (the rewards unique indexes) still issues it at most once.
 */
export async function retryReward(db: Database, shopId: string, id: string, now = new Date()): Promise<void> {
  if (!isUuid(id)) throw notFound("reward", "id");
  const released = await db
    .delete(rewards)
    .where(
      and(
        eq(rewards.shopId, shopId),
        eq(rewards.id, id),
        or(eq(rewards.status, "failed"), and(eq(rewards.status, "issuing"), lt(rewards.createdAt, new Date(now.getTime() - STUCK_AFTER_MS)))),
      ),
    )
    .returning({ id: rewards.id });
  if (released.length) return;
  const [existing] = await db.select({ status: rewards.status }).from(rewards).where(and(eq(rewards.shopId, shopId), eq(rewards.id, id)));
  if (!existing) throw notFound("reward", "id");
  throw conflict(existing.status === "issued" ? "this reward was issued; it is not sent again" : "this reward is being issued right now; retry it after 5 minutes if it stays issuing", "id");
}
