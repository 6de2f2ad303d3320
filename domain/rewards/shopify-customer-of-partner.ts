import { and, eq } from "drizzle-orm";
import type { Database } from "../../db/client";
import { customerExternalIds } from "../../db/schema/index";
import { SHOPIFY_PROVIDER } from "../portal/find-customer-partners";
import type { Partner } from "../../db/schema/rows";

/** The Shopify customer id of a referrer who enrolled from the storefront; undefined for others. */
export async function shopifyCustomerOfPartner(db: Database, partner: Partner): Promise<string | undefined> {
  if (!partner.customerId) return undefined;
  const [row] = await db
    .select({ externalId: customerExternalIds.externalId })
    .from(customerExternalIds)
    .where(
      and(
        eq(customerExternalIds.shopId, partner.shopId),
        eq(customerExternalIds.customerId, partner.customerId),
        eq(customerExternalIds.provider, SHOPIFY_PROVIDER),
      ),
    )
    .limit(1);
  return row?.externalId;
}
