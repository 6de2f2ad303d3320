import { count, eq } from "drizzle-orm";
import type { Database } from "../../db/client";
import { partners, programs } from "../../db/schema/index";

export async function listProgramSummaries(db: Database, shopId: string) {
  return db
    .select({ id: programs.id, name: programs.name, type: programs.type, partnerCount: count(partners.id) })
    .from(programs)
    .leftJoin(partners, eq(partners.programId, programs.id))
    .where(eq(programs.shopId, shopId))
    .groupBy(programs.id)
    .orderBy(programs.createdAt);
}
