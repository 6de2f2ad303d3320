import { and, eq, inArray, or, sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import {
  clicks, commissions, customerExternalIds, customers, dataRequests, leads, partners, payouts, shopifySessions, shops, transactions,
} from "../../db/schema/index";
import { normalizeEmail } from "../shared/normalize";
import type { CustomerRef } from "./normalized-event";
import { findCustomerByRef } from "./resolve-customer";

/** app/uninstalled: the shop is marked uninstalled (its API keys stop working) and its sessions are deleted. */
export async function applyShopUninstalled(db: Database, shopId: string): Promise<void> {
  const [shop] = await db.update(shops).set({ uninstalledAt: new Date() }).where(eq(shops.id, shopId)).returning();
  await db.delete(shopifySessions).where(eq(shopifySessions.shop, shop!.domain));
}

/** shop/redact (48 hours after uninstall): every row of the shop goes, money rows included. */
export async function applyShopRedact(db: Database, shopId: string): Promise<void> {
  // Commissions and payouts restrict deleting the partners and transactions they point to: remove them first.
  await db.delete(commissions).where(eq(commissions.shopId, shopId));
  await db.delete(payouts).where(eq(payouts.shopId, shopId));
  await db.delete(transactions).where(eq(transactions.shopId, shopId));
  await db.delete(shops).where(eq(shops.id, shopId));
}

/** customers/data_request: records what the app holds on that customer, for the merchant to send on. */
export async function applyCustomerDataRequest(db: Database, shopId: string, ref: CustomerRef, requestId?: string): Promise<void> {
  const customer = await findCustomerByRef(db, shopId, ref);
  const email = ref.email ? normalizeEmail(ref.email) : customer?.emailNormalized ?? null;
  const held = customer
    ? {
        customer: { key: customer.key, email: customer.email, name: customer.name, source: customer.source, bound_at: customer.boundAt, created_at: customer.createdAt },
        external_ids: await db.select({ provider: customerExternalIds.provider, id: customerExternalIds.externalId }).from(customerExternalIds).where(eq(customerExternalIds.customerId, customer.id)),
        transactions: await db
          .select({ id: transactions.externalId, type: transactions.type, amount: transactions.amount, currency: transactions.currency, at: transactions.occurredAt })
          .from(transactions)
          .where(and(eq(transactions.shopId, shopId), eq(transactions.customerId, customer.id))),
      }
    : { customer: null };
  const leadRows = email
    ? await db.select({ email: leads.email, name: leads.name, status: leads.status }).from(leads).where(and(eq(leads.shopId, shopId), eq(leads.emailNormalized, email)))
    : [];
  await db.insert(dataRequests).values({
    shopId,
    provider: ref.provider,
    customerExternalId: ref.externalId ?? null,
    requestId: requestId ?? null,
    report: { ...held, leads: leadRows, clicks_note: "clicks hold no personal data: IPs and user agents are stored only as salted hashes" },
  });
}

/** customers/redact: personal data goes; transactions and commissions stay, without anything that names the person. */
export async function applyCustomerRedact(db: Database, shopId: string, ref: CustomerRef): Promise<void> {
  const customer = await findCustomerByRef(db, shopId, ref);
  const emails = [ref.email, customer?.email].filter((e): e is string => Boolean(e)).map(normalizeEmail);
  if (customer) {
    await db
      .update(customers)
      .set({ email: null, emailNormalized: null, name: null, key: `redacted:${customer.id}`, redactedAt: new Date() })
      .where(eq(customers.id, customer.id));
    await db.delete(customerExternalIds).where(eq(customerExternalIds.customerId, customer.id));
    if (customer.clickId) await db.update(clicks).set({ visitorId: null, ipHash: null, userAgentHash: null, landingUrl: null }).where(eq(clicks.id, customer.clickId));
  }
  if (emails.length) {
    await db
      .update(leads)
      .set({ email: sql`'redacted-' || ${leads.id}`, emailNormalized: sql`'redacted-' || ${leads.id}`, name: null })
      .where(and(eq(leads.shopId, shopId), inArray(leads.emailNormalized, emails)));
  }
  // A referring customer in a referral program is a partner row too.
  if (emails.length) {
    await db
      .update(partners)
      .set({ redactedAt: new Date(), name: null, payoutDetails: {}, email: sql`'redacted-' || ${partners.id}`, emailNormalized: sql`'redacted-' || ${partners.id}` })
      .where(and(eq(partners.shopId, shopId), or(...emails.map((e) => eq(partners.emailNormalized, e)))));
  }
}
