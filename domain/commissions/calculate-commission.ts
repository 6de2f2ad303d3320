import { invalid } from "../shared/errors";
import { assertNonNegativeInteger, divideHalfUp, FULL_BASIS_POINTS } from "../shared/money";
import type { ProductOverride, RuleSnapshot, TierSpec } from "./rule-snapshot";

/** One line of a sale, as far as product and collection overrides need it. */
export interface SaleLine {
  id: string;
  collectionIds?: string[];
  quantity: number;
  /** Line total after discounts, minor units. */
  amount: number;
}

/** A sale or renewal to calculate a commission for. All money is integer minor units of the sale's currency. */
export interface CommissionInput {
  type: "sale" | "renewal";
  /** Amount after discounts, excluding tax and shipping, minor units. */
  amount: number;
  /** Added to the base only when rule.includeTax. */
  tax?: number;
  /** Added to the base only when rule.includeShipping. */
  shipping?: number;
  /** May be empty: then product overrides cannot apply and a per-item rule counts one item. */
  lines: SaleLine[];
  /** 1 for the customer's first payment; renewals are 2, 3, ... */
  paymentNumber: number;
  /** Whole months between the first payment and this one (0 for the first). */
  monthsSinceFirstPayment: number;
  /** The partner's referred revenue and count of referred sales in the rule's tier period, BEFORE this sale. */
  periodRevenueBefore: number;
  periodSalesBefore: number;
}

/** The commission, or why there is none; `explanation` is one short sentence shown in the admin. */
export type CommissionResult =
  | { earns: true; amount: number; base: number; explanation: string }
  | { earns: false; amount: 0; reason: NotEarnedReason; explanation: string };

type NotEarnedReason = "recurring_not_enabled" | "recurring_limit_reached" | "zero_base" | "zero_total";

type Rate = { kind: "percentage"; basisPoints: number } | { kind: "fixed"; amount: number };

/** Exact value of a share of the commission in 1/10000 of a minor unit, so the total is rounded only once. */
interface Part {
  numerator: bigint;
  text: string;
  percentage: boolean;
}

/** What of the sale earns by the rule's normal rate once product overrides took their lines. */
interface Remainder {
  amount: number;
  items: number;
  /** false when every line went to an override, so a per-order amount is not owed. */
  hasOrderPart: boolean;
}

const BASIS = BigInt(FULL_BASIS_POINTS);

/**
 * The commission a rule pays on one sale or renewal, in minor units, rounded half up once at the end.
 *
 * - Base = amount, plus tax if rule.includeTax, plus shipping if rule.includeShipping; clamped at 0.
 * - A renewal earns nothing without rule.recurring, after maxPayments payments, or once monthsSinceFirstPayment
 *   reaches maxMonths (maxMonths 12: months 0..11 earn). A first payment ("sale") always earns by the normal rule.
 *   A recurring spec with its own rate (percentBasisPoints wins over amount) pays that rate flat on the whole base
 *   (a fixed amount is per order); tiers and product overrides do not apply to it.
 * - Otherwise the normal rule: a percentage of the base, or a fixed amount per order or per item (sum of line
 *   quantities, one item when there are no lines).
 * - Product overrides: a line matching an override (by product first, else by collection; first match in array
 *   order) earns by it (percent of the line amount, or amount per item); the normal rate then applies to the rest:
 *   base minus the overridden line amounts, the unmatched items, and a per-order amount only if some line is unmatched.
 *   An override with neither percentBasisPoints nor amount is ignored.
 * - Count tiers: the tier with the highest thresholdCount <= this sale's number in the period replaces the rule's
 *   rate for the whole order. Amount tiers are marginal: the revenue this order adds runs from periodRevenueBefore
 *   upward and each slice earns the rate of the highest tier whose threshold it lies at or above (below the first
 *   threshold: the rule's rate, after any count tier). When a rate the order touches, or the rate in effect after
 *   the order, is a fixed amount, slicing makes no sense: the rate in effect after the order (revenue reaching a
 *   threshold counts) applies to the whole order. A tier amount is per order or per item like the rule's fixedPer.
 *   With overrides, the rest is placed first: it runs from periodRevenueBefore to periodRevenueBefore + rest.
 * - An order whose amount is 0 (a free replacement, a 100 % discount) earns nothing ("zero_total"), whatever the rule.
 * - Not earning with reason "zero_base" only when both the base and the commission are 0; a fixed rule still pays
 *   its amount on a zero base (a negative amount clamped, say).
 */
export function calculateCommission(rule: RuleSnapshot, input: CommissionInput): CommissionResult {
  validateInput(input);
  if (input.amount === 0) return notEarned("zero_total", "Nothing earned: the order's amount is 0");
  const base = commissionBase(rule, input);

  let prefix = "";
  let parts: Part[] | undefined;
  const notes: string[] = [];
  if (input.type === "renewal") {
    const recurring = rule.recurring;
    if (!recurring) return notEarned("recurring_not_enabled", "Renewals earn nothing under this rule");
    if (recurring.maxPayments != null && input.paymentNumber > recurring.maxPayments) {
      return notEarned(
        "recurring_limit_reached",
        `Payment ${input.paymentNumber} is past the limit of ${recurring.maxPayments} payments`,
      );
    }
    if (recurring.maxMonths != null && input.monthsSinceFirstPayment >= recurring.maxMonths) {
      return notEarned(
        "recurring_limit_reached",
        `${input.monthsSinceFirstPayment} months since the first payment reaches the limit of ${recurring.maxMonths} months`,
      );
    }
    const own = rewardOf(recurring, "recurring");
    if (own) {
      prefix = "Renewal at the recurring rate: ";
      parts = [ratePart(own, "order", { amount: base, items: 1, hasOrderPart: true })];
    } else {
      prefix = "Renewal: ";
    }
  }
  parts ??= normalRuleParts(rule, input, base, notes);

  const amount = divideHalfUp(
    parts.reduce((sum, part) => sum + part.numerator, 0n),
    BASIS,
  );
  const explanation = explain(prefix, parts, notes, rule);
  if (amount === 0 && base === 0) return notEarned("zero_base", `Nothing earned on a zero base: ${explanation}`);
  return { earns: true, amount, base, explanation };
}

/** The amount the rate applies to: the sale's amount, plus tax and shipping when the rule includes them; never below 0. */
export function commissionBase(rule: Pick<RuleSnapshot, "includeTax" | "includeShipping">, input: Pick<CommissionInput, "amount" | "tax" | "shipping">): number {
  return Math.max(0, input.amount + (rule.includeTax ? (input.tax ?? 0) : 0) + (rule.includeShipping ? (input.shipping ?? 0) : 0));
}

function notEarned(reason: NotEarnedReason, explanation: string): CommissionResult {
  return { earns: false, amount: 0, reason, explanation };
}

function validateInput(input: CommissionInput): void {
  for (const [field, value] of [
    ["amount", input.amount],
    ["tax", input.tax ?? 0],
    ["shipping", input.shipping ?? 0],
  ] as const) {
    if (!Number.isSafeInteger(value)) throw invalid(`${field} must be an integer number of minor units, got ${value}`, field);
  }
  assertNonNegativeInteger(input.paymentNumber, "paymentNumber");
  assertNonNegativeInteger(input.monthsSinceFirstPayment, "monthsSinceFirstPayment");
  assertNonNegativeInteger(input.periodRevenueBefore, "periodRevenueBefore");
  assertNonNegativeInteger(input.periodSalesBefore, "periodSalesBefore");
  for (const line of input.lines) {
    if (!Number.isSafeInteger(line.amount)) throw invalid(`line ${line.id} amount must be an integer, got ${line.amount}`, "lines");
    if (!Number.isSafeInteger(line.quantity)) throw invalid(`line ${line.id} quantity must be an integer, got ${line.quantity}`, "lines");
  }
}

function rewardOf(spec: { percentBasisPoints?: number | null; amount?: number | null }, field: string): Rate | null {
  if (spec.percentBasisPoints != null) {
    assertNonNegativeInteger(spec.percentBasisPoints, `${field}.percentBasisPoints`);
    return { kind: "percentage", basisPoints: spec.percentBasisPoints };
  }
  if (spec.amount != null) {
    assertNonNegativeInteger(spec.amount, `${field}.amount`);
    return { kind: "fixed", amount: spec.amount };
  }
  return null;
}

function ruleRate(rule: RuleSnapshot): Rate {
  const rate = rewardOf(
    rule.kind === "percentage" ? { percentBasisPoints: rule.percentBasisPoints } : { amount: rule.amount },
    "rule",
  );
  if (!rate) throw invalid(`a ${rule.kind} rule needs ${rule.kind === "percentage" ? "percentBasisPoints" : "amount"}`, "rule");
  return rate;
}

function ratePart(rate: Rate, fixedPer: "order" | "item", remainder: Remainder): Part {
  if (rate.kind === "percentage") {
    return {
      numerator: BigInt(remainder.amount) * BigInt(rate.basisPoints),
      text: `${formatBasisPoints(rate.basisPoints)} of ${formatMinor(remainder.amount)}`,
      percentage: true,
    };
  }
  const units = fixedPer === "item" ? remainder.items : remainder.hasOrderPart ? 1 : 0;
  return {
    numerator: BigInt(rate.amount) * BigInt(units) * BASIS,
    text:
      fixedPer === "item"
        ? `${formatMinor(rate.amount)} per item × ${units}`
        : `${formatMinor(rate.amount)} per order`,
    percentage: false,
  };
}

function matchOverride(overrides: ProductOverride[], line: SaleLine): ProductOverride | undefined {
  const usable = overrides.filter((o) => o.percentBasisPoints != null || o.amount != null);
  return (
    usable.find((o) => o.productId != null && o.productId === line.id) ??
    usable.find((o) => o.collectionId != null && (line.collectionIds ?? []).includes(o.collectionId))
  );
}

function normalRuleParts(rule: RuleSnapshot, input: CommissionInput, base: number, notes: string[]): Part[] {
  const parts: Part[] = [];
  let overriddenAmount = 0;
  let unmatchedItems = 0;
  let unmatchedLines = 0;
  for (const line of input.lines) {
    const quantity = Math.max(0, line.quantity);
    const lineAmount = Math.max(0, line.amount);
    const override = matchOverride(rule.productOverrides, line);
    if (!override) {
      unmatchedLines += 1;
      unmatchedItems += quantity;
      continue;
    }
    overriddenAmount += lineAmount;
    const rate = rewardOf(override, "productOverrides")!;
    const part = ratePart(rate, "item", { amount: lineAmount, items: quantity, hasOrderPart: true });
    parts.push({ ...part, text: `${part.text} on line ${line.id}` });
  }
  const remainder: Remainder = {
    amount: Math.max(0, base - overriddenAmount),
    items: input.lines.length === 0 ? 1 : unmatchedItems,
    hasOrderPart: input.lines.length === 0 || unmatchedLines > 0,
  };
  const rest = tieredParts(rule, input, remainder, notes);
  // Keep the explanation short: a zero share next to overrides says nothing.
  const restParts = parts.length > 0 ? rest.filter((p) => p.numerator > 0n) : rest;
  return [...restParts, ...parts];
}

interface Tier {
  threshold: number;
  rate: Rate;
}

function tiersBy(tiers: TierSpec[], threshold: "thresholdCount" | "thresholdAmount"): Tier[] {
  return tiers
    .flatMap((tier, index): Tier[] => {
      const value = tier[threshold];
      if (value == null) return [];
      assertNonNegativeInteger(value, `tiers[${index}].${threshold}`);
      const rate = rewardOf(tier, `tiers[${index}]`);
      return rate ? [{ threshold: value, rate }] : [];
    })
    .sort((a, b) => a.threshold - b.threshold);
}

/** The highest tier reached at `value`; among equal thresholds the first in the rule wins (the sort is stable). */
function tierAt(tiers: Tier[], value: number): Tier | undefined {
  let reached: Tier | undefined;
  for (const tier of tiers) {
    if (tier.threshold > value) break;
    if (!reached || tier.threshold > reached.threshold) reached = tier;
  }
  return reached;
}

function tieredParts(rule: RuleSnapshot, input: CommissionInput, remainder: Remainder, notes: string[]): Part[] {
  let rate = ruleRate(rule);
  const saleNumber = input.periodSalesBefore + 1;
  const countTier = tierAt(tiersBy(rule.tiers, "thresholdCount"), saleNumber);
  if (countTier) {
    rate = countTier.rate;
    notes.push(`sale ${saleNumber} in the period reaches the tier from sale ${countTier.threshold}`);
  }

  const amountTiers = tiersBy(rule.tiers, "thresholdAmount");
  const start = input.periodRevenueBefore;
  const end = start + remainder.amount;
  const rateAt = (revenue: number) => tierAt(amountTiers, revenue)?.rate ?? rate;
  const boundaries = [start, ...amountTiers.map((t) => t.threshold).filter((t) => t > start && t < end), end];
  const slices = boundaries.slice(1).map((to, i) => {
    const from = boundaries[i]!;
    return { from, to, rate: rateAt(from) };
  });
  const endRate = rateAt(end);
  if (tierAt(amountTiers, end)) notes.push(`period revenue ${formatMinor(start)} → ${formatMinor(end)} with revenue tiers`);

  if (slices.length === 0 || endRate.kind === "fixed" || slices.some((s) => s.rate.kind === "fixed")) {
    return [ratePart(endRate, rule.fixedPer, remainder)];
  }
  return slices.map((s) => ratePart(s.rate, rule.fixedPer, { ...remainder, amount: s.to - s.from }));
}

function explain(prefix: string, parts: Part[], notes: string[], rule: RuleSnapshot): string {
  const allNotes = [...notes];
  if (parts.some((p) => p.percentage)) allNotes.push(baseNote(rule));
  return `${prefix}${parts.map((p) => p.text).join(" + ")}${allNotes.length > 0 ? ` (${allNotes.join("; ")})` : ""}`;
}

function baseNote(rule: RuleSnapshot): string {
  if (rule.includeTax && rule.includeShipping) return "base includes tax and shipping";
  if (rule.includeTax) return "base includes tax, excludes shipping";
  if (rule.includeShipping) return "base includes shipping, excludes tax";
  return "base excludes tax and shipping";
}

/** 1250 -> "12.50%". */
function formatBasisPoints(basisPoints: number): string {
  return `${Math.trunc(basisPoints / 100)}.${String(basisPoints % 100).padStart(2, "0")}%`;
}

/** 1234567 -> "1,234,567" (minor units: the currency is not known here). */
function formatMinor(amount: number): string {
  return String(amount).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}
