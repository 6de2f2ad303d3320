import { and, asc, eq, isNull } from "drizzle-orm";
import type { Database } from "../../db/client";
import { programs } from "../../db/schema/index";
import { notFound } from "../shared/errors";
import type { Program } from "../../db/schema/rows";

const NAMES = { affiliate: "affiliate program", referral: "refer-a-friend program", newsletter: "newsletter program" } as const;

/** The shop's program of a type that the storefront serves: the oldest one that is not archived. */
export async function findProgramOfTypeOrThrow(db: Database, shopId: string, type: Program["type"]): Promise<Program> {
  const [program] = await db
    .select()
    .from(programs)
    .where(and(eq(programs.shopId, shopId), eq(programs.type, type), isNull(programs.archivedAt)))
    .orderBy(asc(programs.createdAt), asc(programs.id))
    .limit(1);
  if (!program) throw notFound(NAMES[type], "program");
  return program;
}
