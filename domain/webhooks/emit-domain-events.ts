import { inArray } from "drizzle-orm";
import type { Database } from "../../db/client";
import { commissions, type customers, type leads, type partners, type payouts } from "../../db/schema/index";
import { emitWebhookEvent } from "./emit-webhook-event";

// One-line calls for the use-cases that change what the events describe; each writes to the outbox in the caller's transaction.

type Commission = typeof commissions.$inferSelect;
const iso = (d: Date | null) => d?.toISOString() ?? null;

const commissionData = (c: Commission) => ({
  id: c.id,
  partner_id: c.partnerId,
  program_id: c.programId,
  transaction_id: c.transactionId,
  kind: c.kind,
  reverses_commission_id: c.reversesCommissionId,
  amount: c.amount,
  currency: c.currency,
  status: c.status,
  approved_at: iso(c.approvedAt),
  created_at: iso(c.createdAt),
});

/** commission.created for each, plus commission.approved for those approved at once (no hold). */
export async function emitCommissionsCreated(db: Database, created: Commission[]): Promise<void> {
  for (const c of created) {
    await emitWebhookEvent(db, c.shopId, "commission.created", commissionData(c));
    if (c.status === "approved") await emitWebhookEvent(db, c.shopId, "commission.approved", commissionData(c));
  }
}

export async function emitCommissionEvents(db: Database, type: "commission.approved" | "commission.reversed", rows: Commission[]): Promise<void> {
  for (const c of rows) await emitWebhookEvent(db, c.shopId, type, commissionData(c));
}

/** For bulk updates that return only ids (the approval job). */
export async function emitCommissionEventsByIds(db: Database, type: "commission.approved", ids: string[]): Promise<void> {
  for (let i = 0; i < ids.length; i += 1_000) {
    await emitCommissionEvents(db, type, await db.select().from(commissions).where(inArray(commissions.id, ids.slice(i, i + 1_000))));
  }
}

export async function emitPartnerEvent(db: Database, type: "partner.created" | "partner.approved", p: typeof partners.$inferSelect): Promise<void> {
  await emitWebhookEvent(db, p.shopId, type, { id: p.id, program_id: p.programId, key: p.key, email: p.email, name: p.name, status: p.status, created_at: iso(p.createdAt) });
}

export async function emitCustomerReferred(db: Database, c: typeof customers.$inferSelect): Promise<void> {
  await emitWebhookEvent(db, c.shopId, "customer.referred", { id: c.id, program_id: c.programId, key: c.key, partner_id: c.referrerPartnerId, source: c.source, bound_at: iso(c.boundAt) });
}

export async function emitLeadCreated(db: Database, l: typeof leads.$inferSelect): Promise<void> {
  await emitWebhookEvent(db, l.shopId, "lead.created", { id: l.id, program_id: l.programId, partner_id: l.partnerId, email: l.email, name: l.name, status: l.status, created_at: iso(l.createdAt) });
}

export async function emitPayoutEvent(db: Database, type: "payout.created" | "payout.paid", p: typeof payouts.$inferSelect): Promise<void> {
  await emitWebhookEvent(db, p.shopId, type, {
    id: p.id, batch_id: p.batchId, partner_id: p.partnerId, amount: p.amount, currency: p.currency, method: p.method, status: p.status, reference: p.externalReference, paid_at: iso(p.paidAt),
  });
}
