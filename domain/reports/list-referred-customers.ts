import { and, desc, eq, ilike, isNotNull, or, type SQL } from "drizzle-orm";
import type { Database } from "../../db/client";
import { customers, partners } from "../../db/schema/index";
import { pageOf, type PageRequest } from "../shared/page";

/** Customers of one shop (only referred ones unless `all`), newest binding first, with their referrer. */
export async function listReferredCustomers(db: Database, shopId: string, filter: { search?: string; all?: boolean; partnerId?: string }, page: PageRequest) {
  const conditions: SQL[] = [eq(customers.shopId, shopId)];
  if (!filter.all) conditions.push(isNotNull(customers.referrerPartnerId));
  if (filter.partnerId) conditions.push(eq(customers.referrerPartnerId, filter.partnerId));
  if (filter.search) {
    const like = `%${filter.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conditions.push(or(ilike(customers.email, like), ilike(customers.name, like), ilike(customers.key, like))!);
  }
  const rows = await db
    .select({ customer: customers, partner: { id: partners.id, name: partners.name, key: partners.key } })
    .from(customers)
    .leftJoin(partners, eq(partners.id, customers.referrerPartnerId))
    .where(and(...conditions))
    .orderBy(desc(customers.createdAt), desc(customers.id))
    .limit(page.limit + 1)
    .offset(page.offset);
  return pageOf(rows, page);
}
