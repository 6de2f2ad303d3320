import { and, eq, inArray, isNull, or, sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import { apiKeys, clicks, commissions, customerExternalIds, customers, dataRequests, inboundEvents, leads, partners, payouts, shopifySessions, shops, transactions, webhookDeliveries } from "../../db/schema/index";
import { normalizeEmail } from "../shared/normalize";
import type { CustomerRef } from "./normalized-event";
import { findCustomerByRef } from "./resolve-customer";
import { shopInboundEventsWhere } from "./shop-inbound-events-where";

/**
 * app/uninstalled: the shop is marked uninstalled, its API keys are revoked (a reinstall clears uninstalled_at but
 * never brings old keys back) and its sessions are deleted.
 */
export async function applyShopUninstalled(db: Database, shopId: string): Promise<void> {
  const now = new Date();
  const [shop] = await db.update(shops).set({ uninstalledAt: now }).where(eq(shops.id, shopId)).returning();
  await db.update(apiKeys).set({ revokedAt: now }).where(and(eq(apiKeys.shopId, shopId), isNull(apiKeys.revokedAt)));
  await db.delete(shopifySessions).where(eq(shopifySessions.shop, shop!.domain));
}

/** shop/redact (48 hours after uninstall): every row of the shop goes, money rows and events stored before the shop was known included. */
export async function applyShopRedact(db: Database, shopId: string): Promise<void> {
  const [shop] = await db.select({ domain: shops.domain }).from(shops).where(eq(shops.id, shopId));
  if (shop) await db.delete(inboundEvents).where(and(isNull(inboundEvents.shopId), shopInboundEventsWhere(shopId, shop.domain)));
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
    report: { ...held, leads: leadRows, clicks_note: "clicks hold no personal data: IPs and user agents are stored only as keyed HMAC fingerprints" },
  });
}

/**
 * customers/redact: personal data goes; transactions and commissions stay, without anything that names the person.
 * Every customer row of the shop with one of the person's emails is redacted (not only the one the id matches);
 * stored webhook payloads that hold the person (email anywhere in them, or the Shopify customer id) are set to null
 * (payload_pruned_at set; the row stays as a dedupe record), error texts naming the email are replaced, and earlier
 * data-request reports on the person are deleted.
 */
export async function applyCustomerRedact(db: Database, shopId: string, ref: CustomerRef): Promise<void> {
  const matched = await findCustomerByRef(db, shopId, ref);
  const refEmails = [ref.email, matched?.email].filter((e): e is string => Boolean(e)).map(normalizeEmail);
  const whose = or(matched ? eq(customers.id, matched.id) : undefined, refEmails.length ? inArray(customers.emailNormalized, refEmails) : undefined);
  // Nobody known by that id or email: an empty condition must not widen to every customer of the shop.
  const rows = whose ? await db.select().from(customers).where(and(eq(customers.shopId, shopId), whose)) : [];
  const emails = [...new Set([...refEmails, ...rows.flatMap((c) => (c.emailNormalized ? [c.emailNormalized] : []))])];
  const now = new Date();
  for (const customer of rows) {
    await db
      .update(customers)
      .set({ email: null, emailNormalized: null, name: null, key: `redacted:${customer.id}`, redactedAt: now })
      .where(eq(customers.id, customer.id));
    if (customer.clickId) await db.update(clicks).set({ visitorId: null, ipHash: null, userAgentHash: null, landingUrl: null }).where(eq(clicks.id, customer.clickId));
  }
  const customerIds = rows.map((c) => c.id);
  await db
    .delete(customerExternalIds)
    .where(
      and(
        eq(customerExternalIds.shopId, shopId),
        or(
          customerIds.length ? inArray(customerExternalIds.customerId, customerIds) : undefined,
          emails.length ? and(eq(customerExternalIds.provider, "email"), inArray(customerExternalIds.externalId, emails)) : undefined,
        ) ?? sql`false`,
      ),
    );
  await scrubStoredEvents(db, shopId, ref, emails);
  if (emails.length) {
    await db
      .update(leads)
      .set({ email: sql`'redacted-' || ${leads.id}`, emailNormalized: sql`'redacted-' || ${leads.id}`, name: null })
      .where(and(eq(leads.shopId, shopId), inArray(leads.emailNormalized, emails)));
    // A referring customer in a referral program is a partner row too.
    await db
      .update(partners)
      .set({ redactedAt: now, name: null, payoutDetails: {}, email: sql`'redacted-' || ${partners.id}`, emailNormalized: sql`'redacted-' || ${partners.id}` })
      .where(and(eq(partners.shopId, shopId), inArray(partners.emailNormalized, emails)));
  }
}

const holdsAny = (column: unknown, needles: string[]) => or(...needles.map((n) => sql`strpos(lower(${column}::text), ${n}) > 0`));

/** Webhook payloads, error texts and data-request reports that name the person. */
async function scrubStoredEvents(db: Database, shopId: string, ref: CustomerRef, emails: string[]): Promise<void> {
  const [shop] = await db.select({ domain: shops.domain }).from(shops).where(eq(shops.id, shopId));
  const scope = shopInboundEventsWhere(shopId, shop!.domain);
  const shopifyId = ref.provider === "shopify" ? ref.externalId : undefined;
  const holdsCustomerId = shopifyId
    ? and(
        eq(inboundEvents.provider, "shopify"),
        or(
          sql`${inboundEvents.payload}->'customer'->>'id' = ${shopifyId}`,
          and(inArray(inboundEvents.topic, ["customers/create", "customers/update"]), sql`${inboundEvents.payload}->>'id' = ${shopifyId}`),
        ),
      )
    : undefined;
  const holdsPerson = or(emails.length ? holdsAny(inboundEvents.payload, emails) : undefined, holdsCustomerId);
  if (holdsPerson) {
    await db.update(inboundEvents).set({ payload: null, payloadPrunedAt: new Date() }).where(and(scope, holdsPerson));
  }
  if (!emails.length) return;
  const redactedText = "[redacted: the text named a customer who was erased]";
  await db.update(inboundEvents).set({ lastError: redactedText }).where(and(scope, holdsAny(inboundEvents.lastError, emails)));
  await db.update(inboundEvents).set({ ignoredReason: redactedText }).where(and(scope, holdsAny(inboundEvents.ignoredReason, emails)));
  await db
    .delete(dataRequests)
    .where(and(eq(dataRequests.shopId, shopId), or(holdsAny(dataRequests.report, emails), ref.externalId ? eq(dataRequests.customerExternalId, ref.externalId) : undefined)));
  // Outgoing events (lead.created carries the lead's email): a pending one is then sent without the person.
  await db
    .update(webhookDeliveries)
    .set({ payload: { redacted: redactedText } })
    .where(and(eq(webhookDeliveries.shopId, shopId), holdsAny(webhookDeliveries.payload, emails)));
}
