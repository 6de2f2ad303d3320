import { invalid } from "../shared/errors";
import { assertNonNegativeInteger, proportionOf } from "../shared/money";

/** A refund against a sale that earned a commission. All amounts are minor units of the sale's currency. */
export interface ReversalInput {
  commissionAmount: number;
  /** Sum of earlier reversals of this commission. */
  alreadyReversed: number;
  saleAmount: number;
  /** Sum of earlier refunds of the sale, not counting this one. */
  refundedBefore: number;
  /** Negative when refunded money came back (a dispute won): the reversal then undoes, down to nothing reversed. */
  refundAmount: number;
}

/**
 * How much of a commission a refund reverses, proportional to the refunded share of the sale; computed on
 * cumulative totals so several partial refunds never drift and a full refund reverses exactly the whole commission.
 * Refunds beyond the sale amount reverse nothing more; a refund of a zero-amount sale reverses everything left.
 * A restoration (negative refund) returns a negative amount: what the lower cumulative total no longer reverses.
 */
export function calculateReversal(input: ReversalInput): number {
  const { commissionAmount, alreadyReversed, saleAmount, refundedBefore, refundAmount } = input;
  assertNonNegativeInteger(commissionAmount, "commissionAmount");
  assertNonNegativeInteger(alreadyReversed, "alreadyReversed");
  assertNonNegativeInteger(saleAmount, "saleAmount");
  assertNonNegativeInteger(refundedBefore, "refundedBefore");
  if (!Number.isSafeInteger(refundAmount)) throw invalid(`refundAmount must be an integer, got ${refundAmount}`, "refundAmount");
  const remaining = commissionAmount - alreadyReversed;
  if (refundAmount < 0) {
    if (saleAmount === 0) return -alreadyReversed;
    const reversedAfter = proportionOf(commissionAmount, Math.max(0, refundedBefore + refundAmount), saleAmount);
    return Math.max(-alreadyReversed, Math.min(0, reversedAfter - alreadyReversed));
  }
  if (saleAmount === 0) return Math.max(0, remaining);
  const reversedAfter = proportionOf(commissionAmount, refundedBefore + refundAmount, saleAmount);
  return Math.max(0, Math.min(remaining, reversedAfter - alreadyReversed));
}
