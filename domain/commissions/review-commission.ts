import { and, eq, inArray, isNull, lte } from "drizzle-orm";
import type { Database } from "../../db/client";
import { commissions } from "../../db/schema/index";
import { conflict, notFound } from "../shared/errors";
import { isUuid } from "../shared/ids";
import { emitCommissionEvents, emitCommissionEventsByIds } from "../webhooks/emit-domain-events";
import type { Commission } from "../../db/schema/rows";

async function findCommissionOrThrow(db: Database, shopId: string, id: string): Promise<Commission> {
  if (!isUuid(id)) throw notFound("commission", "id");
  const [commission] = await db
    .select()
    .from(commissions)
    .where(and(eq(commissions.shopId, shopId), eq(commissions.id, id), eq(commissions.kind, "commission")))
    .limit(1);
  if (!commission) throw notFound("commission", "id");
  return commission;
}

/** pending -> approved by the merchant before the hold ends. Approving one already approved (even if since paid or reversed) changes nothing. */
export async function approveCommission(db: Database, shopId: string, id: string, now = new Date()): Promise<Commission> {
  if (!isUuid(id)) throw notFound("commission", "id");
  // The change and its outgoing event commit together, or neither does.
  const approved = await db.transaction(async (tx) => {
    const [row] = await tx
      .update(commissions)
      .set({ status: "approved", approvedAt: now })
      .where(and(eq(commissions.shopId, shopId), eq(commissions.id, id), eq(commissions.kind, "commission"), eq(commissions.status, "pending")))
      .returning();
    if (row) await emitCommissionEvents(tx, "commission.approved", [row]);
    return row;
  });
  if (approved) return approved;
  const existing = await findCommissionOrThrow(db, shopId, id);
  if (existing.approvedAt !== null && existing.status !== "rejected") return existing;
  throw conflict(`commission is ${existing.status} and cannot be approved`, "status");
}

/** pending or approved (not yet paid) -> rejected. A paid commission can only be reversed by a refund. */
export async function rejectCommission(db: Database, shopId: string, id: string, now = new Date()): Promise<Commission> {
  if (!isUuid(id)) throw notFound("commission", "id");
  const [rejected] = await db
    .update(commissions)
    .set({ status: "rejected", rejectedAt: now })
    .where(
      and(eq(commissions.shopId, shopId), eq(commissions.id, id), eq(commissions.kind, "commission"), inArray(commissions.status, ["pending", "approved"]), isNull(commissions.payoutId)),
    )
    .returning();
  if (rejected) return rejected;
  const existing = await findCommissionOrThrow(db, shopId, id);
  if (existing.status === "rejected") return existing;
  if (existing.payoutId) throw conflict("commission is in a payout and cannot be rejected", "status");
  throw conflict(`commission is ${existing.status} and cannot be rejected`, "status");
}

/** The approval job: every pending commission whose hold period has passed becomes approved. */
export async function approveDueCommissions(db: Database, now: Date): Promise<number> {
  return db.transaction(async (tx) => {
    const approved = await tx
      .update(commissions)
      .set({ status: "approved", approvedAt: now })
      .where(and(eq(commissions.kind, "commission"), eq(commissions.status, "pending"), lte(commissions.holdUntil, now)))
      .returning({ id: commissions.id });
    await emitCommissionEventsByIds(tx, "commission.approved", approved.map((c) => c.id));
    return approved.length;
  });
}
