import { and, eq } from "drizzle-orm";
import type { Database } from "../../db/client";
import { customerExternalIds, customers } from "../../db/schema/index";
import { normalizeEmail } from "../shared/normalize";
import type { CustomerRef } from "./normalized-event";
import type { Customer } from "../../db/schema/rows";

/** The customer a provider reference points to: by the provider's id, then by email. */
export async function findCustomerByRef(db: Database, shopId: string, ref: CustomerRef): Promise<Customer | undefined> {
  if (ref.externalId) {
    const [row] = await db
      .select({ customer: customers })
      .from(customerExternalIds)
      .innerJoin(customers, eq(customers.id, customerExternalIds.customerId))
      .where(and(eq(customerExternalIds.shopId, shopId), eq(customerExternalIds.provider, ref.provider), eq(customerExternalIds.externalId, ref.externalId)))
      .limit(1);
    if (row) return row.customer;
  }
  if (ref.email) {
    const [row] = await db
      .select()
      .from(customers)
      .where(and(eq(customers.shopId, shopId), eq(customers.emailNormalized, normalizeEmail(ref.email))))
      .limit(1);
    return row;
  }
  return undefined;
}

/** A stable customer key for a provider reference: the same person always gets the same key. */
export function customerKeyOf(ref: CustomerRef): string {
  return ref.externalId ? `${ref.provider}:${ref.externalId}` : `email:${normalizeEmail(ref.email!)}`;
}

export function externalIdsOf(ref: CustomerRef) {
  const ids = ref.externalId ? [{ provider: ref.provider, externalId: ref.externalId }] : [];
  if (ref.email) ids.push({ provider: "email", externalId: normalizeEmail(ref.email) });
  return ids;
}
