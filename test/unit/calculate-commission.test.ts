import { describe, expect, it } from "vitest";
import { calculateCommission, type CommissionInput, type SaleLine } from "../../domain/commissions/calculate-commission";
import type { RuleSnapshot } from "../../domain/commissions/rule-snapshot";
import { DomainError } from "../../domain/shared/errors";

/** 10 % of the base, no tiers, no recurring, no overrides, tax and shipping excluded. */
const rule = (patch: Partial<RuleSnapshot> = {}): RuleSnapshot => ({
  ruleId: "rule-1",
  version: 1,
  kind: "percentage",
  percentBasisPoints: 1000,
  amount: null,
  fixedPer: "order",
  tiers: [],
  tierPeriod: { kind: "month" },
  recurring: null,
  productOverrides: [],
  includeTax: false,
  includeShipping: false,
  ...patch,
});

const fixed = (amount: number, per: "order" | "item", patch: Partial<RuleSnapshot> = {}) =>
  rule({ kind: "fixed", percentBasisPoints: null, amount, fixedPer: per, ...patch });

/** A first sale of 100.00 by a partner with nothing referred yet this period. */
const sale = (patch: Partial<CommissionInput> = {}): CommissionInput => ({
  type: "sale",
  amount: 10000,
  lines: [],
  paymentNumber: 1,
  monthsSinceFirstPayment: 0,
  periodRevenueBefore: 0,
  periodSalesBefore: 0,
  ...patch,
});

const renewal = (paymentNumber: number, monthsSinceFirstPayment: number, patch: Partial<CommissionInput> = {}) =>
  sale({ type: "renewal", paymentNumber, monthsSinceFirstPayment, ...patch });

// Shirt 2 × 20.00 and a mug 60.00: 100.00 in all.
const shirt: SaleLine = { id: "p-shirt", collectionIds: ["c-apparel"], quantity: 2, amount: 4000 };
const mug: SaleLine = { id: "p-mug", collectionIds: ["c-kitchen"], quantity: 1, amount: 6000 };
const lines = [shirt, mug];

const amountOf = (r: RuleSnapshot, input: CommissionInput) => calculateCommission(r, input).amount;

describe("calculateCommission: percentage rule", () => {
  it.each([
    [12345, 1000, 1235], // 1234.5 rounds up
    [999, 1250, 125], // 124.875
    [10001, 1500, 1500], // 1500.15
    [5, 1000, 1], // 0.5
    [4, 1000, 0], // 0.4
    [10000, 0, 0],
  ])("amount %i at %i bp earns %i", (amount, basisPoints, expected) => {
    const result = calculateCommission(rule({ percentBasisPoints: basisPoints }), sale({ amount }));
    expect(result).toMatchObject({ earns: true, amount: expected, base: amount });
  });

  it("explains itself in one sentence", () => {
    expect(calculateCommission(rule(), sale({ amount: 12345 })).explanation).toBe(
      "10.00% of 12,345 (base excludes tax and shipping)",
    );
    expect(calculateCommission(rule({ percentBasisPoints: 1250 }), sale({ amount: 999 })).explanation).toBe(
      "12.50% of 999 (base excludes tax and shipping)",
    );
  });
});

describe("calculateCommission: tax and shipping", () => {
  // amount 100.00, tax 8.00, shipping 5.00 at 10 %
  it.each([
    [false, false, 10000, 1000, "base excludes tax and shipping"],
    [true, false, 10800, 1080, "base includes tax, excludes shipping"],
    [false, true, 10500, 1050, "base includes shipping, excludes tax"],
    [true, true, 11300, 1130, "base includes tax and shipping"],
  ])("includeTax %s, includeShipping %s: base %i earns %i", (includeTax, includeShipping, base, expected, note) => {
    const result = calculateCommission(rule({ includeTax, includeShipping }), sale({ tax: 800, shipping: 500 }));
    expect(result).toMatchObject({ earns: true, base, amount: expected });
    expect(result.explanation).toContain(note);
  });

  it("clamps a negative base at 0", () => {
    const result = calculateCommission(rule({ includeShipping: true }), sale({ amount: -500, shipping: 200 }));
    expect(result).toMatchObject({ earns: false, amount: 0, reason: "zero_base" });
  });
});

describe("calculateCommission: fixed rule", () => {
  it.each([
    ["per order, no lines", fixed(500, "order"), [], 500, "500 per order"],
    ["per order, two lines", fixed(500, "order"), lines, 500, "500 per order"],
    ["per item, 2 + 1 items", fixed(250, "item"), lines, 750, "250 per item × 3"],
    ["per item, no lines = 1 item", fixed(250, "item"), [], 250, "250 per item × 1"],
  ])("%s", (_name, r, saleLines, expected, explanation) => {
    const result = calculateCommission(r, sale({ lines: saleLines }));
    expect(result).toEqual({ earns: true, amount: expected, base: 10000, explanation });
  });
});

describe("calculateCommission: zero base", () => {
  it("a percentage rule earns nothing on a zero-total order", () => {
    expect(calculateCommission(rule(), sale({ amount: 0 }))).toMatchObject({ earns: false, amount: 0, reason: "zero_total" });
  });

  // Issue 17: a free replacement (an order of 0) paid the fixed per-order amount.
  it.each([
    ["per order", fixed(500, "order")],
    ["per item", fixed(250, "item")],
  ])("a fixed %s rule pays nothing on a zero-total order, even with tax or shipping in the base", (_name, r) => {
    expect(calculateCommission({ ...r, includeShipping: true, includeTax: true }, sale({ amount: 0, tax: 80, shipping: 500 }))).toMatchObject({
      earns: false,
      amount: 0,
      reason: "zero_total",
    });
  });

  it("a fixed rule still pays its amount when a negative amount clamps the base to 0", () => {
    expect(calculateCommission(fixed(500, "order"), sale({ amount: -100 }))).toMatchObject({ earns: true, amount: 500, base: 0 });
  });

  it("a positive base that rounds to 0 earns 0 rather than zero_base", () => {
    expect(calculateCommission(rule(), sale({ amount: 4 }))).toMatchObject({ earns: true, amount: 0, base: 4 });
  });
});

describe("calculateCommission: product and collection overrides", () => {
  it.each([
    // shirt 20 % of 4000 = 800, rest 6000 at 10 % = 600
    ["product override", rule({ productOverrides: [{ productId: "p-shirt", percentBasisPoints: 2000 }] }), 1400],
    // mug 5 % of 6000 = 300, rest 4000 at 10 % = 400
    ["collection override", rule({ productOverrides: [{ collectionId: "c-kitchen", percentBasisPoints: 500 }] }), 700],
    // the product override wins although the collection override comes first: 800 + 600
    [
      "product beats collection",
      rule({
        productOverrides: [
          { collectionId: "c-apparel", percentBasisPoints: 3000 },
          { productId: "p-shirt", percentBasisPoints: 2000 },
        ],
      }),
      1400,
    ],
    // first collection match: 30 % of 4000 = 1200, + 600
    [
      "first of two collection overrides",
      rule({
        productOverrides: [
          { collectionId: "c-apparel", percentBasisPoints: 3000 },
          { collectionId: "c-apparel", percentBasisPoints: 500 },
        ],
      }),
      1800,
    ],
    // 1.50 per shirt × 2 = 300, + 600
    ["fixed per-item override", rule({ productOverrides: [{ productId: "p-shirt", amount: 150 }] }), 900],
    ["override matching no line", rule({ productOverrides: [{ productId: "p-other", percentBasisPoints: 5000 }] }), 1000],
    ["override without a reward is ignored", rule({ productOverrides: [{ productId: "p-shirt" }] }), 1000],
    // every line overridden: 800 + 300, nothing left for the rule
    [
      "all lines overridden",
      rule({
        productOverrides: [
          { productId: "p-shirt", percentBasisPoints: 2000 },
          { collectionId: "c-kitchen", percentBasisPoints: 500 },
        ],
      }),
      1100,
    ],
    // fixed per order: shirt 800 + 500 for the order because the mug is not overridden
    [
      "fixed per order, one line left",
      fixed(500, "order", { productOverrides: [{ productId: "p-shirt", percentBasisPoints: 2000 }] }),
      1300,
    ],
    // fixed per order: every line overridden, so no order amount: 800 + 300
    [
      "fixed per order, no line left",
      fixed(500, "order", {
        productOverrides: [
          { productId: "p-shirt", percentBasisPoints: 2000 },
          { productId: "p-mug", percentBasisPoints: 500 },
        ],
      }),
      1100,
    ],
    // fixed per item: shirts 1.00 × 2 = 200, mug 2.50 × 1 = 250
    ["fixed per item", fixed(250, "item", { productOverrides: [{ productId: "p-shirt", amount: 100 }] }), 450],
  ])("%s", (_name, r, expected) => {
    expect(amountOf(r, sale({ lines }))).toBe(expected);
  });

  it("does not apply without lines", () => {
    expect(amountOf(rule({ productOverrides: [{ productId: "p-shirt", percentBasisPoints: 2000 }] }), sale())).toBe(1000);
  });

  it("leaves included tax to the rule's rate: (11000 - 4000) at 10 % + 800", () => {
    const r = rule({ includeTax: true, productOverrides: [{ productId: "p-shirt", percentBasisPoints: 2000 }] });
    expect(amountOf(r, sale({ tax: 1000, lines }))).toBe(1500);
  });

  it("rounds once over all lines: 124.875 + 100.5 = 225.375 -> 225 (not 125 + 101)", () => {
    const r = rule({ productOverrides: [{ productId: "p-a", percentBasisPoints: 1250 }] });
    const saleLines = [
      { id: "p-a", quantity: 1, amount: 999 },
      { id: "p-b", quantity: 1, amount: 1005 },
    ];
    expect(amountOf(r, sale({ amount: 2004, lines: saleLines }))).toBe(225);
  });

  it("explains the overridden lines", () => {
    const r = rule({ productOverrides: [{ productId: "p-shirt", percentBasisPoints: 2000 }] });
    expect(calculateCommission(r, sale({ lines })).explanation).toBe(
      "10.00% of 6,000 + 20.00% of 4,000 on line p-shirt (base excludes tax and shipping)",
    );
  });
});

describe("calculateCommission: tiers by sale count", () => {
  // 10 % up to sale 4, 15 % from sale 5, 20 % from sale 10 (listed out of order on purpose)
  const tiered = rule({
    tiers: [
      { thresholdCount: 10, percentBasisPoints: 2000 },
      { thresholdCount: 5, percentBasisPoints: 1500 },
    ],
  });

  it.each([
    [0, 1000], // sale 1
    [3, 1000], // sale 4
    [4, 1500], // sale 5 reaches the tier
    [8, 1500], // sale 9
    [9, 2000], // sale 10
    [50, 2000],
  ])("%i sales before: earns %i on 10000", (periodSalesBefore, expected) => {
    expect(amountOf(tiered, sale({ periodSalesBefore }))).toBe(expected);
  });

  it.each([
    [1, 500], // sale 2: the rule's 5.00
    [2, 800], // sale 3: the tier's 8.00
  ])("a fixed tier on a fixed rule: %i sales before earns %i", (periodSalesBefore, expected) => {
    const r = fixed(500, "order", { tiers: [{ thresholdCount: 3, amount: 800 }] });
    expect(amountOf(r, sale({ periodSalesBefore }))).toBe(expected);
  });

  it("a fixed tier replaces a percentage rate for the whole order", () => {
    expect(amountOf(rule({ tiers: [{ thresholdCount: 2, amount: 700 }] }), sale({ periodSalesBefore: 1 }))).toBe(700);
  });

  it("says which tier applied", () => {
    expect(calculateCommission(tiered, sale({ periodSalesBefore: 5 })).explanation).toBe(
      "15.00% of 10,000 (sale 6 in the period reaches the tier from sale 5; base excludes tax and shipping)",
    );
  });
});

describe("calculateCommission: tiers by revenue (marginal)", () => {
  const oneTier = rule({ tiers: [{ thresholdAmount: 500000, percentBasisPoints: 1500 }] });
  const twoTiers = rule({
    tiers: [
      { thresholdAmount: 600000, percentBasisPoints: 2000 },
      { thresholdAmount: 500000, percentBasisPoints: 1500 },
    ],
  });

  it.each([
    // 50000 at 10 % = 5000 + 50000 at 15 % = 7500
    ["crossing inside the order", oneTier, 450000, 100000, 12500],
    ["below the threshold", oneTier, 0, 100000, 10000],
    ["ending exactly at the threshold", oneTier, 400000, 100000, 10000],
    ["starting at the threshold", oneTier, 500000, 100000, 15000],
    // 50000 at 10 % = 5000 + 100000 at 15 % = 15000 + 50000 at 20 % = 10000
    ["crossing two thresholds", twoTiers, 450000, 200000, 30000],
    ["above both", twoTiers, 700000, 100000, 20000],
    // 5 at 10 % = 0.5 + 5 at 15 % = 0.75: 1.25 rounds once to 1 (not 1 + 1)
    ["rounding once across slices", rule({ tiers: [{ thresholdAmount: 1000, percentBasisPoints: 1500 }] }), 995, 10, 1],
  ])("%s: revenue %i + %i earns %i", (_name, r, periodRevenueBefore, amount, expected) => {
    expect(amountOf(r, sale({ periodRevenueBefore, amount }))).toBe(expected);
  });

  it("explains the worked example", () => {
    expect(calculateCommission(oneTier, sale({ periodRevenueBefore: 450000, amount: 100000 })).explanation).toBe(
      "10.00% of 50,000 + 15.00% of 50,000 (period revenue 450,000 → 550,000 with revenue tiers; base excludes tax and shipping)",
    );
  });

  it.each([
    [300000, 10000], // ends at 400000: below the tier, 10 %
    [400000, 20000], // reaches 500000: the whole order earns the tier's fixed 200.00
    [450000, 20000], // crosses into it
  ])("a fixed revenue tier: revenue %i + 100000 earns %i", (periodRevenueBefore, expected) => {
    const r = rule({ tiers: [{ thresholdAmount: 500000, amount: 20000 }] });
    expect(amountOf(r, sale({ periodRevenueBefore, amount: 100000 }))).toBe(expected);
  });

  it("count tiers set the rate below the first revenue threshold: 50000 at 12 % + 50000 at 15 %", () => {
    const r = rule({
      tiers: [
        { thresholdCount: 2, percentBasisPoints: 1200 },
        { thresholdAmount: 500000, percentBasisPoints: 1500 },
      ],
    });
    expect(amountOf(r, sale({ periodSalesBefore: 1, periodRevenueBefore: 450000, amount: 100000 }))).toBe(13500);
  });

  it("with overrides, the rest runs first from the period revenue: shirt 800 + 3000 at 10 % + 3000 at 15 %", () => {
    const r = rule({
      productOverrides: [{ productId: "p-shirt", percentBasisPoints: 2000 }],
      tiers: [{ thresholdAmount: 3000, percentBasisPoints: 1500 }],
    });
    expect(amountOf(r, sale({ lines }))).toBe(1550);
  });
});

describe("calculateCommission: renewals", () => {
  it("earn nothing when the rule has no recurring spec", () => {
    expect(calculateCommission(rule(), renewal(2, 1))).toMatchObject({
      earns: false,
      amount: 0,
      reason: "recurring_not_enabled",
    });
  });

  it("a first payment earns by the normal rule even without a recurring spec", () => {
    expect(amountOf(rule(), sale())).toBe(1000);
  });

  it.each([
    [2, 1, true],
    [3, 2, true], // payment 3 of 3 earns
    [4, 3, false], // payment 4 does not
  ])("maxPayments 3: payment %i (month %i) earns: %s", (paymentNumber, months, earns) => {
    const result = calculateCommission(rule({ recurring: { maxPayments: 3 } }), renewal(paymentNumber, months));
    expect(result).toMatchObject(earns ? { earns, amount: 1000 } : { earns, amount: 0, reason: "recurring_limit_reached" });
  });

  it.each([
    [1, true],
    [11, true], // months 0..11 earn
    [12, false],
    [13, false],
  ])("maxMonths 12: month %i earns: %s", (months, earns) => {
    const result = calculateCommission(rule({ recurring: { maxMonths: 12 } }), renewal(months + 1, months));
    expect(result).toMatchObject(earns ? { earns, amount: 1000 } : { earns, amount: 0, reason: "recurring_limit_reached" });
  });

  it.each([
    ["maxPayments 1", { maxPayments: 1 }],
    ["maxMonths 0", { maxMonths: 0 }],
  ])("limits do not apply to the first payment (%s)", (_name, recurring) => {
    expect(calculateCommission(rule({ recurring }), sale())).toMatchObject({ earns: true, amount: 1000 });
  });

  it.each([
    // no own rate: the rule's 10 %
    ["no own rate", rule({ recurring: {} }), sale({ lines }), 1000],
    // own 5 % replaces the rule's 10 %
    ["own percentage", rule({ recurring: { percentBasisPoints: 500 } }), sale(), 500],
    // own fixed 3.00 per order, even on a per-item rule with 3 items
    ["own fixed amount is per order", fixed(250, "item", { recurring: { amount: 300 } }), sale({ lines }), 300],
    ["own percentage wins over own amount", rule({ recurring: { percentBasisPoints: 500, amount: 300 } }), sale(), 500],
    // own rate: no count tier (would be 20 %), no override (would be 20 % on the shirt)
    [
      "own rate ignores tiers and overrides",
      rule({
        recurring: { percentBasisPoints: 500 },
        tiers: [{ thresholdCount: 1, percentBasisPoints: 2000 }],
        productOverrides: [{ productId: "p-shirt", percentBasisPoints: 2000 }],
      }),
      sale({ lines }),
      500,
    ],
    // no own rate: the count tier's 20 % applies to the renewal
    ["without own rate tiers apply", rule({ recurring: {}, tiers: [{ thresholdCount: 1, percentBasisPoints: 2000 }] }), sale(), 2000],
  ])("%s", (_name, r, input, expected) => {
    expect(amountOf(r, { ...input, type: "renewal", paymentNumber: 40, monthsSinceFirstPayment: 40 })).toBe(expected);
  });

  it("explains a renewal at its own rate and at the normal rate", () => {
    expect(calculateCommission(rule({ recurring: { percentBasisPoints: 500 } }), renewal(2, 1)).explanation).toBe(
      "Renewal at the recurring rate: 5.00% of 10,000 (base excludes tax and shipping)",
    );
    expect(calculateCommission(rule({ recurring: {} }), renewal(2, 1)).explanation).toBe(
      "Renewal: 10.00% of 10,000 (base excludes tax and shipping)",
    );
  });

  it("an own percentage on a zero renewal earns nothing", () => {
    const result = calculateCommission(rule({ recurring: { percentBasisPoints: 500 } }), renewal(2, 1, { amount: 0 }));
    expect(result).toMatchObject({ earns: false, reason: "zero_total" });
  });
});

describe("calculateCommission: invalid input", () => {
  it.each([
    ["a fractional amount", rule(), sale({ amount: 12.5 }), "amount"],
    ["a fractional line quantity", rule(), sale({ lines: [{ id: "p", quantity: 1.5, amount: 100 }] }), "lines"],
    ["a percentage rule without a rate", rule({ percentBasisPoints: null }), sale(), "rule"],
    ["a negative tier rate", rule({ tiers: [{ thresholdCount: 1, percentBasisPoints: -5 }] }), sale(), "tiers[0].percentBasisPoints"],
  ])("rejects %s", (_name, r, input, field) => {
    let thrown: unknown;
    try {
      calculateCommission(r, input);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(DomainError);
    expect((thrown as DomainError).field).toBe(field);
  });
});
