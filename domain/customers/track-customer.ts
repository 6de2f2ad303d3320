import { and, eq } from "drizzle-orm";
import type { Database } from "../../db/client";
import { customerExternalIds, customers } from "../../db/schema/index";
import type { AttributionRecord } from "../../db/schema/index";
import { attribute, attributionRecord } from "../attribution/attribute";
import { bindCustomer, lockCustomer } from "./bind-customer";
import { findClick } from "../links/find-click";
import { atomically } from "../shared/atomically";
import { notFound } from "../shared/errors";
import { normalizeEmail } from "../shared/normalize";
import type { Customer, Program } from "../../db/schema/rows";

export interface TrackCustomerInput {
  key: string;
  email?: string | null;
  name?: string | null;
  referralKey?: string | null;
  couponCode?: string | null;
  clickId?: string | null;
  /** When the referral key was clicked (tracking script timestamp), if no click id is known. */
  clickedAt?: Date | null;
  at?: Date;
  externalIds?: { provider: string; externalId: string }[];
  sourceOverride?: "api" | "manual";
}

export async function findCustomerByKey(db: Database, shopId: string, key: string): Promise<Customer | undefined> {
  const [customer] = await db
    .select()
    .from(customers)
    .where(and(eq(customers.shopId, shopId), eq(customers.key, key)))
    .limit(1);
  return customer;
}

/**
 * Records a signup (or a buyer seen for the first time) and binds them through bindCustomer: one referrer for
 * life, rebinding only on a newer click in last-click programs; earlier unattributed payments are credited then.
 */
export async function trackCustomer(
  db: Database,
  program: Program,
  input: TrackCustomerInput,
): Promise<{ customer: Customer; created: boolean; attribution: AttributionRecord }> {
  const shopId = program.shopId;
  const at = input.at ?? new Date();
  let referralKey = input.referralKey ?? null;
  let clickedAt = input.clickedAt ?? null;
  let clickId: string | null = null;
  if (input.clickId) {
    const click = await findClick(db, shopId, input.clickId);
    if (!click) throw notFound("click", "click_id");
    referralKey = click.key;
    clickedAt = click.clickedAt;
    clickId = click.id;
  }
  const email = input.email?.trim() || null;

  return atomically(db, async (tx) => {
    const inserted = await tx
      .insert(customers)
      .values({ shopId, programId: program.id, key: input.key, email, emailNormalized: email ? normalizeEmail(email) : null, name: input.name ?? null })
      .onConflictDoNothing()
      .returning({ id: customers.id });
    const created = inserted.length === 1;
    // A known customer's id is looked up by its key only when the insert found it already there.
    const id = created
      ? inserted[0]!.id
      : (await tx.select({ id: customers.id }).from(customers).where(and(eq(customers.shopId, shopId), eq(customers.key, input.key))).limit(1))[0]!.id;
    const customer = await lockCustomer(tx, shopId, id);

    const result = await attribute(tx, program, {
      couponCode: input.couponCode,
      referralKey,
      clickedAt,
      boundPartnerId: customer.referrerPartnerId,
      email: email ?? customer.email,
      customerId: customer.id,
      at,
    });
    const { customer: saved } = await bindCustomer(tx, program, customer, result, {
      at,
      clickId,
      sourceOverride: input.sourceOverride,
      // Details a later event carries fill what an earlier one lacked (a sale before its customer.created), whatever the order.
      also: {
        ...(email && !customer.email ? { email, emailNormalized: normalizeEmail(email) } : {}),
        ...(input.name && !customer.name ? { name: input.name } : {}),
      },
    });
    const externalIds = input.externalIds ?? [];
    if (externalIds.length > 0) {
      await tx
        .insert(customerExternalIds)
        .values(externalIds.map((external) => ({ shopId, customerId: saved.id, provider: external.provider, externalId: external.externalId })))
        .onConflictDoNothing();
    }
    return { customer: saved, created, attribution: attributionRecord(result) };
  });
}
