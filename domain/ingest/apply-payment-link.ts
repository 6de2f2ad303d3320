import { and, eq, inArray, isNull } from "drizzle-orm";
import type { Database } from "../../db/client";
import { transactions } from "../../db/schema/index";
import { findTransaction } from "../transactions/find-transaction";
import { lockSale } from "../transactions/lock-sale";
import { applyParkedRefunds } from "../transactions/record-transaction";
import type { NormalizedEvent } from "./normalized-event";
import { findReferences, saveReference } from "./provider-references";

type PaymentLink = Extract<NormalizedEvent, { type: "payment_link" }>;

/**
 * The id a refund naming `externalId` applies to: the sale recorded under it, else the sale the payment is known to
 * have paid (an invoice), else `externalId` itself (the refund waits there for its sale or its link). Takes the
 * payment's lock first, so a link applied at the same time either is seen here or sees this refund parked.
 */
export async function paidSaleExternalId(db: Database, shopId: string, provider: string, externalId: string): Promise<string> {
  await lockSale(db, shopId, provider, externalId);
  if (await findTransaction(db, shopId, provider, externalId)) return externalId;
  return (await findReferences(db, shopId, provider, "payment", [externalId])).get(externalId) ?? externalId;
}

/** Payments that paid a sale: remembered, and the refunds parked under them move to the sale (applied when it is recorded). */
export async function applyPaymentLink(db: Database, shopId: string, provider: string, event: PaymentLink): Promise<undefined> {
  for (const payment of [...event.paymentExternalIds].sort()) {
    await lockSale(db, shopId, provider, payment);
    await saveReference(db, shopId, provider, "payment", payment, event.saleExternalId);
  }
  await lockSale(db, shopId, provider, event.saleExternalId);
  await db
    .update(transactions)
    .set({ refundsExternalId: event.saleExternalId })
    .where(
      and(
        eq(transactions.shopId, shopId),
        eq(transactions.provider, provider),
        inArray(transactions.refundsExternalId, event.paymentExternalIds),
        isNull(transactions.refundsTransactionId),
      ),
    );
  const sale = await findTransaction(db, shopId, provider, event.saleExternalId);
  if (sale && sale.type !== "refund") await applyParkedRefunds(db, sale);
  return undefined;
}
