import { and, eq, inArray, isNotNull, isNull } from "drizzle-orm";
import { stripeConnector } from "../connectors/stripe/connector";
import { StripeLookupRefusedError, stripeReferenceLookups, type StripeReferenceLookups } from "../connectors/stripe/reference-lookups";
import type { Database } from "../db/client";
import { couponCodes, inboundEvents, providerConnections, transactions } from "../db/schema/index";
import type { SecretBox } from "../domain/access/secret-box";
import type { NormalizedEvent } from "../domain/ingest/normalized-event";
import { findReferences, saveReference } from "../domain/ingest/provider-references";

type Sale = Extract<NormalizedEvent, { type: "sale" }>;
type Refund = Extract<NormalizedEvent, { type: "refund" }>;

export interface ResolveOptions {
  secrets: Pick<SecretBox, "open">;
  log?(message: string): void;
}

async function unknownPromotionCodes(db: Database, shopId: string, ids: string[]): Promise<string[]> {
  const promos = ids.filter((id) => id.startsWith("promo_"));
  if (!promos.length) return [];
  const remembered = await findReferences(db, shopId, "stripe", "promotion_code", promos);
  const registered = await db
    .select({ externalId: couponCodes.externalId })
    .from(couponCodes)
    .where(and(eq(couponCodes.shopId, shopId), eq(couponCodes.provider, "stripe"), inArray(couponCodes.externalId, promos)));
  const known = new Set([...remembered.keys(), ...registered.map((row) => row.externalId)]);
  return promos.filter((id) => !known.has(id));
}

async function resolveSale(db: Database, shopId: string, stripe: StripeReferenceLookups, sale: Sale): Promise<void> {
  const ids = sale.evidence.discountExternalIds ?? [];
  const discounts = ids.filter((id) => id.startsWith("di_"));
  const knownDiscounts = await findReferences(db, shopId, "stripe", "discount", discounts);
  if (discounts.some((id) => !knownDiscounts.has(id)) && sale.externalId.startsWith("in_")) {
    for (const found of (await stripe.invoiceDiscounts(sale.externalId)) ?? []) {
      await saveReference(db, shopId, "stripe", "discount", found.discountId, found.promotionCodeId);
      if (found.code) await saveReference(db, shopId, "stripe", "promotion_code", found.promotionCodeId, found.code);
    }
  }
  const promos = [...ids, ...(await findReferences(db, shopId, "stripe", "discount", discounts)).values()];
  for (const id of await unknownPromotionCodes(db, shopId, promos)) {
    const code = await stripe.promotionCode(id);
    if (code) await saveReference(db, shopId, "stripe", "promotion_code", id, code);
  }
}

async function resolveRefund(db: Database, shopId: string, stripe: StripeReferenceLookups, refund: Refund): Promise<void> {
  const paymentIntent = refund.refundsExternalId;
  if (!paymentIntent.startsWith("pi_")) return;
  const [sale] = await db
    .select({ id: transactions.id })
    .from(transactions)
    .where(and(eq(transactions.shopId, shopId), eq(transactions.provider, "stripe"), eq(transactions.externalId, paymentIntent)));
  if (sale || (await findReferences(db, shopId, "stripe", "payment", [paymentIntent])).has(paymentIntent)) return;
  const invoice = await stripe.invoiceOfPaymentIntent(paymentIntent);
  if (invoice) await saveReference(db, shopId, "stripe", "payment", paymentIntent, invoice);
}

/**
 * Before a Stripe event is applied, and only when its connection has an API key: asks Stripe what the event names
 * by id and the app has not learnt from other events (a promotion code's text, the promotion code behind an
 * invoice's discount, the invoice a refunded payment intent paid) and remembers it, so applying the event finds it.
 * Runs outside the processing transaction, so no row is locked while Stripe answers. A refused key is logged and
 * the event is applied without; other failures (rate limits, Stripe down) throw, and the job retries.
 */
export async function resolveStripeReferences(db: Database, inboundEventId: string, options: ResolveOptions): Promise<void> {
  // One read by primary key on every ingest job: it finds nothing unless the event came through a keyed Stripe connection.
  const [found] = await db
    .select({ row: inboundEvents, apiKey: providerConnections.apiKey })
    .from(inboundEvents)
    .innerJoin(providerConnections, eq(providerConnections.id, inboundEvents.connectionId))
    .where(and(eq(inboundEvents.id, inboundEventId), eq(inboundEvents.provider, "stripe"), isNotNull(providerConnections.apiKey), isNull(providerConnections.disabledAt)));
  const row = found?.row;
  if (!found?.apiKey || !row?.shopId || row.processedAt || row.payload === null) return;
  let result;
  try {
    result = stripeConnector.normalize({ externalId: row.externalId, topic: row.topic, payload: row.payload });
  } catch {
    return; // processing reports the unreadable payload
  }
  if ("ignored" in result) return;
  const stripe = stripeReferenceLookups(options.secrets.open(found.apiKey));
  try {
    for (const event of result.events) {
      if (event.type === "sale") await resolveSale(db, row.shopId, stripe, event);
      if (event.type === "refund") await resolveRefund(db, row.shopId, stripe, event);
    }
  } catch (error) {
    if (!(error instanceof StripeLookupRefusedError)) throw error;
    options.log?.(`${row.topic} ${row.externalId}: ${error.message}; applied without Stripe's answer`);
  }
}
