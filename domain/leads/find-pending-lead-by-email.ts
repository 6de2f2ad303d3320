import { and, eq } from "drizzle-orm";
import type { Database } from "../../db/client";
import { leads, partners } from "../../db/schema/index";
import { normalizeEmail } from "../shared/normalize";
import { mayHavePendingLead } from "./may-have-pending-lead";
import type { Partner } from "../../db/schema/rows";

export async function findPendingLeadByEmail(
  db: Database,
  shopId: string,
  programId: string,
  email: string,
): Promise<{ leadId: string; partner: Partner } | undefined> {
  if (!(await mayHavePendingLead(db, shopId, programId))) return undefined;
  const [row] = await db
    .select({ leadId: leads.id, partner: partners })
    .from(leads)
    .innerJoin(partners, eq(partners.id, leads.partnerId))
    .where(
      and(eq(leads.shopId, shopId), eq(leads.programId, programId), eq(leads.emailNormalized, normalizeEmail(email)), eq(leads.status, "pending")),
    )
    .limit(1);
  return row;
}
