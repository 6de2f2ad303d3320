import { and, asc, eq, isNull } from "drizzle-orm";
import type { Database } from "../../db/client";
import { programs } from "../../db/schema/index";
import { isUuid } from "../shared/ids";
import type { Program } from "../../db/schema/rows";

/** The shop's live program with this id, else its oldest live program of this type; undefined when there is none. */
export async function findNamedProgram(db: Database, shopId: string, named: { id?: string; type?: Program["type"] }): Promise<Program | undefined> {
  if (named.id !== undefined && !isUuid(named.id)) return undefined;
  const [program] = await db
    .select()
    .from(programs)
    .where(
      and(
        eq(programs.shopId, shopId),
        isNull(programs.archivedAt),
        named.id ? eq(programs.id, named.id) : undefined,
        named.type ? eq(programs.type, named.type) : undefined,
      ),
    )
    .orderBy(asc(programs.createdAt))
    .limit(1);
  return program;
}
