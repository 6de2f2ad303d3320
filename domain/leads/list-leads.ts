import { and, desc, eq, type SQL } from "drizzle-orm";
import type { Database } from "../../db/client";
import { leads, partners } from "../../db/schema/index";
import { pageOf, type PageRequest } from "../shared/page";

export async function listLeads(db: Database, shopId: string, filter: { status?: "pending" | "converted" | "rejected" }, page: PageRequest) {
  const conditions: SQL[] = [eq(leads.shopId, shopId)];
  if (filter.status) conditions.push(eq(leads.status, filter.status));
  const rows = await db
    .select({ lead: leads, partner: { id: partners.id, name: partners.name, key: partners.key } })
    .from(leads)
    .innerJoin(partners, eq(partners.id, leads.partnerId))
    .where(and(...conditions))
    .orderBy(desc(leads.createdAt), desc(leads.id))
    .limit(page.limit + 1)
    .offset(page.offset);
  return pageOf(rows, page);
}
