import { and, eq } from "drizzle-orm";
import type { Database } from "../../db/client";
import { payouts } from "../../db/schema/index";
import { notFound } from "../shared/errors";
import { isUuid } from "../shared/ids";
import type { Payout } from "../../db/schema/rows";

/** Locks one payout of the shop (optionally of one batch) for a status change. */
export async function findPayoutForUpdateOrThrow(db: Database, shopId: string, payoutId: string, batchId?: string): Promise<Payout> {
  if (!isUuid(payoutId)) throw notFound("payout", "payout_id");
  const [payout] = await db
    .select()
    .from(payouts)
    .where(and(eq(payouts.shopId, shopId), eq(payouts.id, payoutId), batchId ? eq(payouts.batchId, batchId) : undefined))
    .for("update");
  if (!payout) throw notFound("payout", "payout_id");
  return payout;
}
