import type { RewardSpec } from "../../db/schema/index";

/** The discount a reward spec describes, or undefined when it is not a discount. */
export function discountValue(spec: RewardSpec | null, currency: string): { percentBasisPoints: number } | { amount: number; currency: string } | undefined {
  if (spec?.type === "percentage_discount") return { percentBasisPoints: spec.percentBasisPoints };
  if (spec?.type === "fixed_discount") return { amount: spec.amount, currency };
  return undefined;
}
