import { and, eq, inArray, lt, or } from "drizzle-orm";
import type { Database } from "../../db/client";
import { transactions } from "../../db/schema/index";
import { findPartnerByCoupon } from "../coupons/find-partner-by-coupon";
import { trackCustomer } from "../customers/track-customer";
import { findClick } from "../links/find-click";
import { applyOrderEdit } from "../transactions/apply-order-edit";
import { lockSubscription } from "../transactions/lock-sale";
import { recordTransaction } from "../transactions/record-transaction";
import { saleContext } from "./apply-refund-event";
import { chooseProgram } from "./choose-program";
import type { NormalizedEvent } from "./normalized-event";
import { customerKeyOf, externalIdsOf, findCustomerByRef } from "./resolve-customer";

type Sale = Extract<NormalizedEvent, { type: "sale" }>;

/** The partner coupon among the codes used, else the first code (so "unknown_coupon" is reported). */
async function strongestCoupon(db: Database, shopId: string, codes: string[]): Promise<string | undefined> {
  for (const code of codes) if (await findPartnerByCoupon(db, shopId, code)) return code;
  return codes[0];
}

/**
 * A renewal of a subscription with no payment recorded before it is the subscription's first non-zero payment (the
 * first invoice after a free trial, whose $0 invoice earned nothing): it is the sale.
 */
async function kindOf(db: Database, shopId: string, provider: string, event: Sale): Promise<Sale["kind"]> {
  if (event.kind !== "renewal" || !event.subscriptionExternalId) return event.kind;
  const [earlier] = await db
    .select({ id: transactions.id })
    .from(transactions)
    .where(
      and(
        eq(transactions.shopId, shopId),
        eq(transactions.provider, provider),
        eq(transactions.subscriptionExternalId, event.subscriptionExternalId),
        inArray(transactions.type, ["sale", "renewal"]),
        // Earlier by time, then by id for payments in the same second: the same order whichever arrives first.
        or(
          lt(transactions.occurredAt, new Date(event.occurredAt)),
          and(eq(transactions.occurredAt, new Date(event.occurredAt)), lt(transactions.externalId, event.externalId)),
        ),
      ),
    )
    .limit(1);
  return earlier ? "renewal" : "sale";
}

export async function applySale(db: Database, shopId: string, provider: string, event: Sale): Promise<string | undefined> {
  if (event.subscriptionExternalId) await lockSubscription(db, shopId, provider, event.subscriptionExternalId);
  const known = event.customer ? await findCustomerByRef(db, shopId, event.customer) : undefined;
  const choice = await chooseProgram(db, shopId, event.evidence, known?.referrerPartnerId ?? null, event.currency);
  if (!choice) return "the shop has no program yet";
  const ref = event.customer ?? { provider, externalId: `order:${event.externalId}` };
  const { customer } = await trackCustomer(db, choice.program, {
    key: known?.key ?? customerKeyOf(ref),
    email: ref.email,
    name: ref.name,
    externalIds: externalIdsOf(ref),
    at: new Date(event.occurredAt),
  });
  const click = await findClick(db, shopId, event.evidence.clickId);
  const recorded = await recordTransaction(db, choice.program, customer, {
    provider,
    externalId: event.externalId,
    type: await kindOf(db, shopId, provider, event),
    amount: event.amount,
    currency: event.currency,
    tax: event.tax,
    shipping: event.shipping,
    products: event.lines,
    paidAmount: event.paidAmount,
    subscriptionExternalId: event.subscriptionExternalId,
    occurredAt: new Date(event.occurredAt),
    revisedAt: event.revisedAt ? new Date(event.revisedAt) : null,
    test: event.test,
    couponCode: await strongestCoupon(db, shopId, event.evidence.couponCodes),
    referralKey: click?.key ?? choice.referralKey ?? event.evidence.referralKey,
    clickedAt: click?.clickedAt ?? (event.evidence.clickedAt ? new Date(event.evidence.clickedAt) : null),
  });
  // Another version of an order already recorded (Shopify orders/updated, or orders/paid again after an edit).
  if (!recorded.created && event.revisedAt) {
    return applyOrderEdit(db, await saleContext(db, recorded.transaction), recorded.transaction, { amount: event.amount, revisedAt: new Date(event.revisedAt) });
  }
  return undefined;
}
