import type { PayoutBatchSummary } from "../../domain/payouts/find-payout-batch-or-throw";
import type { Payout } from "../../db/schema/rows";

const iso = (d: Date | null) => d?.toISOString() ?? null;

export function payoutBatchJson(b: PayoutBatchSummary) {
  return {
    id: b.id,
    currency: b.currency,
    status: b.status,
    payout_count: b.payoutCount,
    total_amount: b.totalAmount,
    pending_count: b.pendingCount,
    paid_count: b.paidCount,
    failed_count: b.failedCount,
    created_at: iso(b.createdAt),
    exported_at: iso(b.exportedAt),
    paid_at: iso(b.paidAt),
  };
}

export function payoutJson(p: Payout, partnerKey?: string) {
  return {
    id: p.id,
    batch_id: p.batchId,
    partner_id: p.partnerId,
    ...(partnerKey === undefined ? {} : { partner_key: partnerKey }),
    amount: p.amount,
    currency: p.currency,
    method: p.method,
    status: p.status,
    reference: p.externalReference,
    paid_at: iso(p.paidAt),
    created_at: iso(p.createdAt),
  };
}
