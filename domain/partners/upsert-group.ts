import { and, eq } from "drizzle-orm";
import type { Database } from "../../db/client";
import { commissionRules, partnerGroups } from "../../db/schema/index";
import { ruleColumns, type CommissionSpec } from "../programs/create-program";
import { findProgramOrThrow } from "../programs/find-program-or-throw";
import type { PartnerGroup } from "../../db/schema/rows";

/** Creates a partner group, or gives an existing one a new rule. A group's rule applies to its partners unless a partner has its own. */
export async function upsertGroup(
  db: Database,
  shopId: string,
  input: { programId: string; name: string; commission: CommissionSpec | null },
): Promise<{ group: PartnerGroup; created: boolean }> {
  const program = await findProgramOrThrow(db, shopId, input.programId);
  return db.transaction(async (tx) => {
    const inserted = await tx.insert(partnerGroups).values({ shopId, programId: program.id, name: input.name }).onConflictDoNothing().returning();
    const [group] = inserted.length
      ? inserted
      : await tx
          .select()
          .from(partnerGroups)
          .where(and(eq(partnerGroups.shopId, shopId), eq(partnerGroups.programId, program.id), eq(partnerGroups.name, input.name)));
    if (group!.ruleId) await tx.delete(commissionRules).where(and(eq(commissionRules.shopId, shopId), eq(commissionRules.id, group!.ruleId)));
    let ruleId: string | null = null;
    if (input.commission) {
      const [rule] = await tx
        .insert(commissionRules)
        .values({ shopId, programId: program.id, groupId: group!.id, name: `Group ${input.name}`, ...ruleColumns(input.commission) })
        .returning({ id: commissionRules.id });
      ruleId = rule!.id;
    }
    const [saved] = await tx.update(partnerGroups).set({ ruleId }).where(eq(partnerGroups.id, group!.id)).returning();
    return { group: saved!, created: inserted.length > 0 };
  });
}
