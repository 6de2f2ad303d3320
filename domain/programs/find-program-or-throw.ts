import { and, eq } from "drizzle-orm";
import type { Database } from "../../db/client";
import { programs } from "../../db/schema/index";
import { notFound } from "../shared/errors";
import type { Program } from "./create-program";

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

export const isUuid = (value: string): boolean => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
