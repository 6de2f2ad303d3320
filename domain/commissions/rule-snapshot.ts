import type { ProductOverride, RecurringSpec, TierPeriod, TierSpec } from "../../db/schema/programs";

/**
 * The rule's parts share their shapes with the stored rule (db/schema/programs.ts):
 * - TierSpec: one tier of a tiered rule; exactly one threshold (thresholdAmount | thresholdCount) and one reward
 *   (percentBasisPoints | amount) is set.
 * - TierPeriod: the window whose referred revenue and sales count toward tiers.
 * - RecurringSpec: what renewals earn; its own rate (if any) replaces the rule's, and maxMonths / maxPayments stop earning.
 * - ProductOverride: a rate for lines of one product or collection, in place of the rule's rate.
 */
export type { ProductOverride, RecurringSpec, TierPeriod, TierSpec };

/** The rule as it was when a commission was calculated; stored on every commission so editing a rule never rewrites history. */
export interface RuleSnapshot {
  ruleId: string | null;
  version: number;
  kind: "percentage" | "fixed";
  /** Rate of a percentage rule in basis points of a percent (1250 = 12.50 %); null for a fixed rule. */
  percentBasisPoints: number | null;
  /** Fixed amount in minor units; null for a percentage rule. */
  amount: number | null;
  fixedPer: "order" | "item";
  tiers: TierSpec[];
  tierPeriod: TierPeriod;
  /** null = renewals earn nothing. */
  recurring: RecurringSpec | null;
  productOverrides: ProductOverride[];
  includeTax: boolean;
  includeShipping: boolean;
}
