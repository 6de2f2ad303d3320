import { and, asc, eq } from "drizzle-orm";
import type { Database } from "../../db/client";
import { customerExternalIds, partners, programs } from "../../db/schema/index";
import type { Partner, Program } from "../../db/schema/rows";

export const SHOPIFY_PROVIDER = "shopify";

/**
 * The partner memberships of a storefront customer (the Shopify customer id from a signed proxy request),
 * oldest first. This is the only way the portal finds a partner: never from a key or id in the request.
 */
export async function findCustomerPartners(db: Database, shopId: string, shopifyCustomerId: string): Promise<{ partner: Partner; program: Program }[]> {
  return db
    .select({ partner: partners, program: programs })
    .from(customerExternalIds)
    .innerJoin(partners, and(eq(partners.shopId, customerExternalIds.shopId), eq(partners.customerId, customerExternalIds.customerId)))
    .innerJoin(programs, eq(programs.id, partners.programId))
    .where(
      and(
        eq(customerExternalIds.shopId, shopId),
        eq(customerExternalIds.provider, SHOPIFY_PROVIDER),
        eq(customerExternalIds.externalId, shopifyCustomerId),
      ),
    )
    .orderBy(asc(partners.createdAt), asc(partners.id));
}
