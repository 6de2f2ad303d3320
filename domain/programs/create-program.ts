import type { Database } from "../../db/client";
import { commissionRules, programs } from "../../db/schema/index";
import type { MilestoneSpec, ProductOverride, RecurringSpec, RewardSpec, TierPeriod, TierSpec } from "../../db/schema/index";
import { invalid } from "../shared/errors";
import type { CommissionRule, Program } from "../../db/schema/rows";

export type CommissionSpec =
  | { kind: "percentage"; percentBasisPoints: number }
  | { kind: "fixed"; amount: number; per: "order" | "item" };

export interface ProgramInput {
  name: string;
  type: "affiliate" | "referral" | "newsletter";
  currency: string;
  cookieDays: number | null;
  attribution: "first_click" | "last_click";
  holdDays: number;
  payoutThreshold: number;
  commission: CommissionSpec;
  recurring?: RecurringSpec | null;
  tiers?: TierSpec[];
  tierPeriod?: TierPeriod;
  /** Rates for lines of one product or collection, in place of the rule's rate. */
  productOverrides?: ProductOverride[];
  linkParams?: string[];
  linkPathPrefix?: string | null;
  autoApprovePartners?: boolean;
  leadSubmission?: boolean;
  includeTax?: boolean;
  includeShipping?: boolean;
  friendReward?: RewardSpec | null;
  referrerReward?: RewardSpec | null;
  milestones?: MilestoneSpec[];
}

export function ruleColumns(spec: CommissionSpec) {
  return spec.kind === "percentage"
    ? { kind: "percentage" as const, percentBasisPoints: spec.percentBasisPoints, amount: null, fixedPer: "order" as const }
    : { kind: "fixed" as const, percentBasisPoints: null, amount: spec.amount, fixedPer: spec.per };
}

/** Creates a program and its default commission rule in one transaction. */
export async function createProgram(db: Database, shopId: string, input: ProgramInput): Promise<{ program: Program; rule: CommissionRule }> {
  const currency = input.currency.toUpperCase();
  if (!/^[A-Z]{3}$/.test(currency)) throw invalid("currency must be an ISO 4217 code such as USD", "currency");
  return db.transaction(async (tx) => {
    const [program] = await tx
      .insert(programs)
      .values({
        shopId,
        name: input.name,
        type: input.type,
        currency,
        cookieDays: input.cookieDays,
        attribution: input.attribution,
        holdDays: input.holdDays,
        payoutThreshold: input.payoutThreshold,
        linkParams: input.linkParams ?? ["ref", "via", "aff"],
        linkPathPrefix: input.linkPathPrefix === undefined ? "/r" : input.linkPathPrefix,
        autoApprovePartners: input.autoApprovePartners ?? input.type !== "affiliate",
        leadSubmission: input.leadSubmission ?? false,
        includeTax: input.includeTax ?? false,
        includeShipping: input.includeShipping ?? false,
        friendReward: input.friendReward ?? null,
        referrerReward: input.referrerReward ?? null,
        milestones: input.milestones ?? [],
      })
      .returning();
    const [rule] = await tx
      .insert(commissionRules)
      .values({
        shopId,
        programId: program!.id,
        name: "Default",
        ...ruleColumns(input.commission),
        tiers: input.tiers ?? [],
        tierPeriod: input.tierPeriod ?? { kind: "month" },
        recurring: input.recurring ?? null,
        productOverrides: input.productOverrides ?? [],
      })
      .returning();
    return { program: program!, rule: rule! };
  });
}
