import { and, desc, eq, ilike, or, type SQL } from "drizzle-orm";
import type { Database } from "../../db/client";
import { partners, programs } from "../../db/schema/index";
import { containsPattern } from "../shared/contains-pattern";
import { pageOf, type Page, type PageRequest } from "../shared/page";
import type { Partner } from "../../db/schema/rows";

export interface PartnerFilter {
  search?: string;
  status?: "pending" | "active" | "suspended";
  programId?: string;
}

export type PartnerRow = Partner & { programName: string };

/** The shop's partners that match the filter (the admin's list and GET /api/v1/partners); search matches name, email or key. */
export function partnerFilterWhere(shopId: string, filter: PartnerFilter): SQL[] {
  const conditions: SQL[] = [eq(partners.shopId, shopId)];
  if (filter.status) conditions.push(eq(partners.status, filter.status));
  if (filter.programId) conditions.push(eq(partners.programId, filter.programId));
  if (filter.search) {
    const like = containsPattern(filter.search);
    conditions.push(or(ilike(partners.name, like), ilike(partners.email, like), ilike(partners.key, like))!);
  }
  return conditions;
}

/** Partners of one shop, newest first. */
export async function listPartners(db: Database, shopId: string, filter: PartnerFilter, page: PageRequest): Promise<Page<PartnerRow>> {
  const conditions = partnerFilterWhere(shopId, filter);
  const rows = await db
    .select({ partner: partners, programName: programs.name })
    .from(partners)
    .innerJoin(programs, eq(programs.id, partners.programId))
    .where(and(...conditions))
    .orderBy(desc(partners.createdAt), desc(partners.id))
    .limit(page.limit + 1)
    .offset(page.offset);
  return pageOf(
    rows.map((r) => ({ ...r.partner, programName: r.programName })),
    page,
  );
}
