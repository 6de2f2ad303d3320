import { and, eq, isNull } from "drizzle-orm";
import type { Database } from "../../db/client";
import { commissionRules, programs } from "../../db/schema/index";
import { notFound } from "../shared/errors";
import { isUuid } from "../shared/ids";
import type { Program } from "../../db/schema/rows";

/** A program of this shop; another shop's program is reported as absent. */
export async function findProgramOrThrow(db: Database, shopId: string, programId: string, field = "program_id"): Promise<Program> {
  if (!isUuid(programId)) throw notFound("program", field);
  const [program] = await db
    .select()
    .from(programs)
    .where(and(eq(programs.shopId, shopId), eq(programs.id, programId)))
    .limit(1);
  if (!program) throw notFound("program", field);
  return program;
}

/** A program of this shop with its default commission rule. */
export async function findProgramWithRuleOrThrow(db: Database, shopId: string, programId: string, field = "id") {
  const program = await findProgramOrThrow(db, shopId, programId, field);
  const [rule] = await db
    .select()
    .from(commissionRules)
    .where(
      and(eq(commissionRules.shopId, shopId), eq(commissionRules.programId, program.id), isNull(commissionRules.partnerId), isNull(commissionRules.groupId)),
    )
    .limit(1);
  return { program, rule: rule! };
}
