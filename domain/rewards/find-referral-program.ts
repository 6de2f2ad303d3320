import { and, asc, eq, isNull } from "drizzle-orm";
import type { Database } from "../../db/client";
import { programs } from "../../db/schema/index";
import type { Program } from "../programs/create-program";
import { notFound } from "../shared/errors";

/** The shop's refer-a-friend program (the oldest one that is not archived). */
export async function findReferralProgramOrThrow(db: Database, shopId: string): Promise<Program> {
  const [program] = await db
    .select()
    .from(programs)
    .where(and(eq(programs.shopId, shopId), eq(programs.type, "referral"), isNull(programs.archivedAt)))
    .orderBy(asc(programs.createdAt), asc(programs.id))
    .limit(1);
  if (!program) throw notFound("refer-a-friend program", "program");
  return program;
}
