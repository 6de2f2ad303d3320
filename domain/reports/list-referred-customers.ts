import { and, desc, eq, ilike, isNotNull, or, type SQL } from "drizzle-orm";
import type { Database } from "../../db/client";
import { customers, partners } from "../../db/schema/index";
import { containsPattern } from "../shared/contains-pattern";
import { pageOf, type PageRequest } from "../shared/page";

export interface CustomerFilter {
  search?: string;
  /** Every customer, not only referred ones. */
  all?: boolean;
  partnerId?: string;
  programId?: string;
}

/** The shop's customers that match the filter (the admin's list and GET /api/v1/customers). */
export function customerFilterWhere(shopId: string, filter: CustomerFilter): SQL[] {
  const conditions: SQL[] = [eq(customers.shopId, shopId)];
  if (!filter.all) conditions.push(isNotNull(customers.referrerPartnerId));
  if (filter.partnerId) conditions.push(eq(customers.referrerPartnerId, filter.partnerId));
  if (filter.programId) conditions.push(eq(customers.programId, filter.programId));
  if (filter.search) {
    const like = containsPattern(filter.search);
    conditions.push(or(ilike(customers.email, like), ilike(customers.name, like), ilike(customers.key, like))!);
  }
  return conditions;
}

/** Customers of one shop (only referred ones unless `all`), newest binding first, with their referrer. */
export async function listReferredCustomers(db: Database, shopId: string, filter: CustomerFilter, page: PageRequest) {
  const conditions = customerFilterWhere(shopId, filter);
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
