import { and, asc, eq, isNull } from "drizzle-orm";
import type { Database } from "../../db/client";
import { programs } from "../../db/schema/index";
import type { Program } from "../../db/schema/rows";

/** Affiliate programs a storefront visitor may apply to (referral and newsletter programs enrol differently). */
export function listJoinablePrograms(db: Database, shopId: string): Promise<Program[]> {
  return db
    .select()
    .from(programs)
    .where(and(eq(programs.shopId, shopId), eq(programs.type, "affiliate"), isNull(programs.archivedAt)))
    .orderBy(asc(programs.createdAt), asc(programs.id));
}
