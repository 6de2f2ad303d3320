import { and, asc, eq, ne } from "drizzle-orm";
import type { Database } from "../../db/client";
import { partners, programs } from "../../db/schema/index";
import { normalizeEmail } from "../shared/normalize";
import type { Partner, Program } from "../../db/schema/rows";

/**
 * The partner memberships of an email whose owner signed in with the portal's one-time link, oldest first.
 * Newsletter subscribers have their own page, so their memberships are not part of the partner portal.
 */
export function findEmailPartners(db: Database, shopId: string, email: string): Promise<{ partner: Partner; program: Program }[]> {
  return db
    .select({ partner: partners, program: programs })
    .from(partners)
    .innerJoin(programs, eq(programs.id, partners.programId))
    .where(and(eq(partners.shopId, shopId), eq(partners.emailNormalized, normalizeEmail(email)), ne(programs.type, "newsletter")))
    .orderBy(asc(partners.createdAt), asc(partners.id));
}
