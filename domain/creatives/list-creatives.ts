import { and, desc, eq, isNull } from "drizzle-orm";
import type { Database } from "../../db/client";
import { creatives, programs } from "../../db/schema/index";
import { creativeSummaryColumns } from "./create-creative";

/** The shop's creatives with their program's name, newest first (archived ones too, for the admin). */
export function listShopCreatives(db: Database, shopId: string) {
  return db
    .select({ creative: creativeSummaryColumns, programName: programs.name })
    .from(creatives)
    .innerJoin(programs, and(eq(programs.id, creatives.programId), eq(programs.shopId, shopId)))
    .where(eq(creatives.shopId, shopId))
    .orderBy(desc(creatives.createdAt), desc(creatives.id))
    .limit(200);
}

/** What a program's partners may use: its creatives that are not archived. */
export function listProgramCreatives(db: Database, shopId: string, programId: string) {
  return db
    .select(creativeSummaryColumns)
    .from(creatives)
    .where(and(eq(creatives.shopId, shopId), eq(creatives.programId, programId), isNull(creatives.archivedAt)))
    .orderBy(desc(creatives.createdAt), desc(creatives.id));
}
