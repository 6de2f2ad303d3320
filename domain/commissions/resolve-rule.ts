import { and, eq, isNull } from "drizzle-orm";
import type { Database } from "../../db/client";
import { commissionRules, partnerGroups } from "../../db/schema/index";
import type { RuleSnapshot } from "./rule-snapshot";
import { cachedLookup } from "../shared/lookup-cache";
import type { CommissionRule, Partner, Program } from "../../db/schema/rows";

/** The rule that pays this partner: the partner's own override, else its group's rule, else the program default. */
export function resolveRule(db: Database, program: Program, partner: Partner): Promise<CommissionRule> {
  return cachedLookup(`rule:${program.shopId}:${program.id}:${partner.id}:${partner.groupId ?? ""}`, () => loadRule(db, program, partner));
}

async function loadRule(db: Database, program: Program, partner: Partner): Promise<CommissionRule> {
  const [own] = await db
    .select()
    .from(commissionRules)
    .where(and(eq(commissionRules.shopId, program.shopId), eq(commissionRules.partnerId, partner.id)))
    .limit(1);
  if (own) return own;
  if (partner.groupId) {
    const [groupRule] = await db
      .select({ rule: commissionRules })
      .from(partnerGroups)
      .innerJoin(commissionRules, eq(commissionRules.id, partnerGroups.ruleId))
      .where(and(eq(partnerGroups.shopId, program.shopId), eq(partnerGroups.id, partner.groupId)))
      .limit(1);
    if (groupRule) return groupRule.rule;
  }
  const [programDefault] = await db
    .select()
    .from(commissionRules)
    .where(
      and(
        eq(commissionRules.shopId, program.shopId),
        eq(commissionRules.programId, program.id),
        isNull(commissionRules.partnerId),
        isNull(commissionRules.groupId),
      ),
    )
    .limit(1);
  if (!programDefault) throw new Error(`program ${program.id} has no default commission rule`);
  return programDefault;
}

export function snapshotRule(rule: CommissionRule, program: Program): RuleSnapshot {
  return {
    ruleId: rule.id,
    version: rule.version,
    kind: rule.kind,
    percentBasisPoints: rule.percentBasisPoints,
    amount: rule.amount,
    fixedPer: rule.fixedPer,
    tiers: rule.tiers,
    tierPeriod: rule.tierPeriod,
    recurring: rule.recurring,
    productOverrides: rule.productOverrides,
    includeTax: program.includeTax,
    includeShipping: program.includeShipping,
  };
}
