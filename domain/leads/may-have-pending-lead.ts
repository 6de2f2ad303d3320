import { and, eq } from "drizzle-orm";
import type { Database } from "../../db/client";
import { leads } from "../../db/schema/index";
import { cachedLookup, insideLookupCache } from "../shared/lookup-cache";

/**
 * false only when, inside a lookup-cache scope, the program is known to have no pending lead at all: a sale then
 * skips the lead lookup and the lead conversion. Outside a scope it answers true without a query.
 */
export async function mayHavePendingLead(db: Database, shopId: string, programId: string): Promise<boolean> {
  if (!insideLookupCache()) return true;
  return cachedLookup(`has-pending-leads:${shopId}:${programId}`, async () => {
    const rows = await db
      .select({ id: leads.id })
      .from(leads)
      .where(and(eq(leads.shopId, shopId), eq(leads.programId, programId), eq(leads.status, "pending")))
      .limit(1);
    return rows.length > 0;
  });
}
