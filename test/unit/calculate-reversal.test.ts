import { describe, expect, it } from "vitest";
import { calculateReversal } from "../../domain/commissions/calculate-reversal";
import { DomainError } from "../../domain/shared/errors";

/** Applies refunds one after another, threading the cumulative totals the way applyRefund reads them. */
function reverseInTurn(commissionAmount: number, saleAmount: number, refunds: number[]): number[] {
  let refundedBefore = 0;
  let alreadyReversed = 0;
  return refunds.map((refundAmount) => {
    const reversed = calculateReversal({ commissionAmount, alreadyReversed, saleAmount, refundedBefore, refundAmount });
    refundedBefore += refundAmount;
    alreadyReversed += reversed;
    return reversed;
  });
}

describe("calculateReversal: refunds in turn", () => {
  it.each([
    // thirds: 333.33 -> 333, 666.67 -> 667 (334 more), then the last 333
    ["three equal partial refunds", 1000, 3000, [1000, 1000, 1000], [333, 334, 333]],
    ["one full refund", 1000, 3000, [3000], [1000]],
    ["a partial refund, then the rest", 1000, 3000, [1000, 2000], [333, 667]],
    // 1235 * 1000 / 12345 = 100.04 -> 100; * 3345 / 12345 = 334.64 -> 335 (235 more); then the rest
    ["uneven partial refunds", 1235, 12345, [1000, 2345, 9000], [100, 235, 900]],
    // 2.5 rounds half up to 3, then the remaining 2
    ["half up", 5, 2, [1, 1], [3, 2]],
    ["refunds past the sale amount reverse nothing more", 1000, 3000, [2000, 2000, 500], [667, 333, 0]],
    ["a zero commission", 0, 3000, [1000, 2000], [0, 0]],
    ["a zero sale reverses everything at once", 500, 0, [0, 0], [500, 0]],
  ])("%s: commission %i on sale %i, refunds %j reverse %j", (_name, commission, sale, refunds, expected) => {
    const reversals = reverseInTurn(commission, sale, refunds);
    expect(reversals).toEqual(expected);
  });

  it.each([
    [[1, 1, 1, 1, 1, 1, 1]],
    [[3, 3, 1]],
    [[6, 1]],
    [[2, 2, 2, 1]],
  ])("a full refund in parts %j reverses exactly the whole commission of 1000 on 7", (parts) => {
    const reversals = reverseInTurn(1000, 7, parts);
    expect(reversals.reduce((a, b) => a + b, 0)).toBe(1000);
    expect(reversals.every((r) => r >= 0)).toBe(true);
  });
});

describe("calculateReversal: one refund", () => {
  it.each([
    // name, commissionAmount, alreadyReversed, saleAmount, refundedBefore, refundAmount, expected
    ["nothing refunded", 1000, 0, 3000, 0, 0, 0],
    // an earlier attempt already refunded the whole sale and reversed everything: nothing is left
    ["after a full reversal", 1000, 1000, 3000, 3000, 500, 0],
    // refunds total 3500 of a 3000 sale: capped at the full commission, 1000 - 833
    ["refunds over 100 % are capped", 1000, 833, 3000, 2500, 1000, 167],
    // more was reversed than the refunds justify so far: never negative
    ["already reversed beyond the share", 1000, 800, 3000, 0, 1000, 0],
    // 2000 of 3000 justifies 667; 600 was reversed already
    ["tops up to the cumulative share", 1000, 600, 3000, 1000, 1000, 67],
    // a corrupt history that reversed more than the commission still gives 0
    ["already reversed more than the commission", 1000, 1200, 3000, 3000, 100, 0],
    ["zero sale, partly reversed", 500, 200, 0, 0, 0, 300],
  ])("%s", (_name, commissionAmount, alreadyReversed, saleAmount, refundedBefore, refundAmount, expected) => {
    expect(calculateReversal({ commissionAmount, alreadyReversed, saleAmount, refundedBefore, refundAmount })).toBe(expected);
  });

  it.each([
    // a dispute of 1100 of a 1100 payment reversed all 100; won, the same amount back undoes all of it
    ["a restoration of everything refunded", 100, 100, 1100, 1100, -1100, -100],
    // 2000 of 3000 refunded reversed 667; 1000 back leaves 1000 refunded: 333 reversed, 334 undone
    ["a partial restoration keeps the cumulative share", 1000, 667, 3000, 2000, -1000, -334],
    ["a restoration never undoes more than was reversed", 1000, 100, 3000, 3000, -3000, -100],
  ])("%s", (_name, commissionAmount, alreadyReversed, saleAmount, refundedBefore, refundAmount, expected) => {
    expect(calculateReversal({ commissionAmount, alreadyReversed, saleAmount, refundedBefore, refundAmount })).toBe(expected);
  });

  it.each(["commissionAmount", "alreadyReversed", "saleAmount", "refundedBefore"])(
    "rejects a negative %s",
    (field) => {
      const input = { commissionAmount: 1000, alreadyReversed: 0, saleAmount: 3000, refundedBefore: 0, refundAmount: 1000, [field]: -1 };
      expect(() => calculateReversal(input)).toThrow(DomainError);
      expect(() => calculateReversal(input)).toThrow(`${field} must be a non-negative integer`);
    },
  );
});
