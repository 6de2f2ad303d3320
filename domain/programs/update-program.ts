import { and, eq, isNull, sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import { commissionRules, programs } from "../../db/schema/index";
import type { ProductOverride, RecurringSpec, TierPeriod, TierSpec } from "../../db/schema/index";
import { ruleColumns, type CommissionSpec, type ProgramInput } from "./create-program";
import { findProgramOrThrow } from "./find-program-or-throw";
import type { CommissionRule, Program } from "../../db/schema/rows";

export type ProgramPatch = Partial<Omit<ProgramInput, "type" | "currency" | "commission" | "recurring" | "tiers" | "tierPeriod" | "productOverrides">> & {
  commission?: CommissionSpec;
  recurring?: RecurringSpec | null;
  tiers?: TierSpec[];
  tierPeriod?: TierPeriod;
  productOverrides?: ProductOverride[];
};

/** Edits a program and its default rule. A rule edit bumps its version; commissions keep the snapshot they were made with. */
export async function updateProgram(db: Database, shopId: string, programId: string, patch: ProgramPatch): Promise<{ program: Program; rule: CommissionRule }> {
  await findProgramOrThrow(db, shopId, programId, "id");
  const { commission, recurring, tiers, tierPeriod, productOverrides, ...settings } = patch;
  return db.transaction(async (tx) => {
    const programSet = Object.fromEntries(Object.entries(settings).filter(([, v]) => v !== undefined));
    const [program] = await tx
      .update(programs)
      .set({ ...programSet, updatedAt: new Date() })
      .where(and(eq(programs.shopId, shopId), eq(programs.id, programId)))
      .returning();
    const ruleSet = {
      ...(commission ? ruleColumns(commission) : {}),
      ...(recurring !== undefined ? { recurring } : {}),
      ...(tiers ? { tiers } : {}),
      ...(tierPeriod ? { tierPeriod } : {}),
      ...(productOverrides ? { productOverrides } : {}),
    };
    const defaultRule = and(eq(commissionRules.shopId, shopId), eq(commissionRules.programId, programId), isNull(commissionRules.partnerId), isNull(commissionRules.groupId));
    const [rule] =
      Object.keys(ruleSet).length > 0
        ? await tx.update(commissionRules).set({ ...ruleSet, version: sql`${commissionRules.version} + 1`, updatedAt: new Date() }).where(defaultRule).returning()
        : await tx.select().from(commissionRules).where(defaultRule).limit(1);
    return { program: program!, rule: rule! };
  });
}
