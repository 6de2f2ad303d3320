import { and, eq } from "drizzle-orm";
import type { Database } from "../../db/client";
import { customers, leads } from "../../db/schema/index";
import type { Attribution } from "../attribution/attribute";
import { mayHavePendingLead } from "../leads/may-have-pending-lead";
import { creditEarlierSales } from "../transactions/credit-earlier-sales";
import { emitCustomerReferred } from "../webhooks/emit-domain-events";
import type { Customer, Program } from "../../db/schema/rows";

/** How a customer came to be bound, from the evidence that attributed them. */
export const customerSourceOf = (evidence: Extract<Attribution, { attributed: true }>["evidence"]) =>
  evidence === "coupon" ? "coupon" : evidence === "lead" ? "lead" : evidence === "referral_key" ? "link" : undefined;

/**
 * The customer row, locked until the database transaction ends: binding decisions read and write it under this lock.
 * NO KEY UPDATE, not UPDATE: rows that reference the customer (a refund's transaction) only need a key-share lock
 * for their foreign key, and must not wait behind a binding decision that waits for their sale.
 */
export async function lockCustomer(db: Database, shopId: string, customerId: string): Promise<Customer> {
  const [row] = await db
    .select()
    .from(customers)
    .where(and(eq(customers.shopId, shopId), eq(customers.id, customerId)))
    .for("no key update")
    .limit(1);
  return row!;
}

export interface BindingContext {
  /** When the signup or sale that carries the evidence happened. */
  at: Date;
  clickId?: string | null;
  sourceOverride?: "api" | "manual";
  /** Fields to set on the customer in the same update (a newly learnt email). */
  also?: Partial<typeof customers.$inferInsert>;
}

/**
 * The one place that decides a customer's referrer, for signups and sales, from the REST API and from webhooks.
 * `customer` must be the row locked by lockCustomer in this transaction. A customer is bound once for life; in
 * last-click programs a newer referral key of another partner rebinds. A pending lead with the customer's email
 * converts. When the binding changes, payments recorded earlier without evidence are credited as in-order
 * delivery would have.
 */
export async function bindCustomer(
  db: Database,
  program: Program,
  customer: Customer,
  result: Attribution,
  context: BindingContext,
): Promise<{ customer: Customer; bindingChanged: boolean }> {
  const updates: Partial<typeof customers.$inferInsert> = { ...context.also };
  let bindingChanged = false;
  if (result.attributed && result.evidence !== "customer_binding") {
    const unbound = customer.referrerPartnerId === null;
    // Only newer evidence rebinds, so a late or replayed delivery of an older click changes nothing.
    const newer = !customer.boundAt || context.at.getTime() > customer.boundAt.getTime();
    const rebind =
      !unbound && newer && program.attribution === "last_click" && result.evidence === "referral_key" && result.partner.id !== customer.referrerPartnerId;
    if (unbound || rebind) {
      bindingChanged = true;
      Object.assign(updates, {
        referrerPartnerId: result.partner.id,
        source: context.sourceOverride ?? customerSourceOf(result.evidence),
        clickId: context.clickId ?? null,
        boundAt: context.at,
      });
    }
  }
  let saved = customer;
  if (Object.keys(updates).length > 0) {
    const [row] = await db
      .update(customers)
      .set({ ...updates, updatedAt: new Date() })
      .where(and(eq(customers.shopId, program.shopId), eq(customers.id, customer.id)))
      .returning();
    saved = row!;
  }
  if (saved.emailNormalized && (await mayHavePendingLead(db, program.shopId, program.id))) {
    await db
      .update(leads)
      .set({ status: "converted", customerId: saved.id, convertedAt: context.at })
      .where(
        and(
          eq(leads.shopId, program.shopId),
          eq(leads.programId, program.id),
          eq(leads.emailNormalized, saved.emailNormalized),
          eq(leads.status, "pending"),
        ),
      );
  }
  if (bindingChanged) {
    await emitCustomerReferred(db, saved);
    await creditEarlierSales(db, program, saved);
  }
  return { customer: saved, bindingChanged };
}
