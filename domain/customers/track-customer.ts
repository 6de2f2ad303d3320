import { and, eq } from "drizzle-orm";
import type { Database } from "../../db/client";
import { customerExternalIds, customers, leads } from "../../db/schema/index";
import type { AttributionRecord } from "../../db/schema/index";
import { attribute, attributionRecord, type Attribution } from "../attribution/attribute";
import { findClick } from "../links/find-click";
import type { Program } from "../programs/create-program";
import { notFound } from "../shared/errors";
import { normalizeEmail } from "../shared/normalize";
import { emitCustomerReferred } from "../webhooks/emit-domain-events";

export type Customer = typeof customers.$inferSelect;

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

/** How a customer came to be bound, from the evidence that attributed them. */
export const customerSourceOf = (evidence: Extract<Attribution, { attributed: true }>["evidence"]) =>
  evidence === "coupon" ? "coupon" : evidence === "lead" ? "lead" : evidence === "referral_key" ? "link" : undefined;

export async function findCustomerByKey(db: Database, shopId: string, key: string): Promise<Customer | undefined> {
  const [customer] = await db
    .select()
    .from(customers)
    .where(and(eq(customers.shopId, shopId), eq(customers.key, key)))
    .limit(1);
  return customer;
}

/**
 * Records a signup (or a buyer seen for the first time) and binds them to at most one referrer for life.
 * The first binding wins, except in last-click programs where a newer click inside the cookie window rebinds.
 * A pending lead with the same email is converted.
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

  return db.transaction(async (tx) => {
    const inserted = await tx
      .insert(customers)
      .values({ shopId, programId: program.id, key: input.key, email, emailNormalized: email ? normalizeEmail(email) : null, name: input.name ?? null })
      .onConflictDoNothing()
      .returning({ id: customers.id });
    const [existing] = await tx
      .select()
      .from(customers)
      .where(and(eq(customers.shopId, shopId), eq(customers.key, input.key)))
      .for("update")
      .limit(1);
    const customer = existing!;
    const created = inserted.length === 1;

    const result = await attribute(tx, program, {
      couponCode: input.couponCode,
      referralKey,
      clickedAt,
      boundPartnerId: customer.referrerPartnerId,
      email: email ?? customer.email,
      customerId: customer.id,
      at,
    });
    const updates: Partial<typeof customers.$inferInsert> = {};
    if (email && !customer.email) Object.assign(updates, { email, emailNormalized: normalizeEmail(email) });
    if (result.attributed && result.evidence !== "customer_binding") {
      const unbound = customer.referrerPartnerId === null;
      // Only newer evidence rebinds, so a late or replayed delivery of an older click changes nothing.
      const newer = !customer.boundAt || at.getTime() > customer.boundAt.getTime();
      const rebind =
        !unbound && newer && program.attribution === "last_click" && result.evidence === "referral_key" && result.partner.id !== customer.referrerPartnerId;
      if (unbound || rebind) {
        Object.assign(updates, {
          referrerPartnerId: result.partner.id,
          source: input.sourceOverride ?? customerSourceOf(result.evidence),
          clickId,
          boundAt: at,
        });
      }
    }
    let saved = customer;
    if (Object.keys(updates).length > 0) {
      const [row] = await tx
        .update(customers)
        .set({ ...updates, updatedAt: new Date() })
        .where(and(eq(customers.shopId, shopId), eq(customers.id, customer.id)))
        .returning();
      saved = row!;
    }
    if (saved.emailNormalized) {
      await tx
        .update(leads)
        .set({ status: "converted", customerId: saved.id, convertedAt: at })
        .where(
          and(eq(leads.shopId, shopId), eq(leads.programId, program.id), eq(leads.emailNormalized, saved.emailNormalized), eq(leads.status, "pending")),
        );
    }
    for (const external of input.externalIds ?? []) {
      await tx
        .insert(customerExternalIds)
        .values({ shopId, customerId: saved.id, provider: external.provider, externalId: external.externalId })
        .onConflictDoNothing();
    }
    if (saved.referrerPartnerId && saved.referrerPartnerId !== customer.referrerPartnerId) await emitCustomerReferred(tx, saved);
    return { customer: saved, created, attribution: attributionRecord(result) };
  });
}
