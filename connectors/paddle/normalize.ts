import type { Evidence, NormalizedEvent } from "../../domain/ingest/normalized-event";
import type { NormalizeResult, VerifiedDelivery } from "../types";
import {
  paddleAdjustmentSchema,
  paddleCustomerSchema,
  paddleDiscountSchema,
  paddleEventSchema,
  paddleSubscriptionSchema,
  paddleTransactionSchema,
  type PaddleCustomData,
} from "./schemas";

type Sale = Extract<NormalizedEvent, { type: "sale" }>;
type PaddleEvent = { event_type: string; occurred_at: string; data: unknown };

/** Paddle times carry microseconds; the domain keeps milliseconds. */
const iso = (time: string) => new Date(time).toISOString();

const referralOf = (customData: PaddleCustomData) => {
  const referral = customData?.referral;
  return typeof referral === "string" && referral.trim() !== "" ? referral.trim() : undefined;
};

/** `custom_data.referral` is the referral key; a discount id is resolved to its partner coupon when applied. */
function evidenceOf(customData: PaddleCustomData, discountId?: string | null): Evidence {
  const referralKey = referralOf(customData);
  return {
    couponCodes: [],
    ...(discountId ? { discountExternalIds: [discountId] } : {}),
    ...(referralKey ? { referralKey, referralKeySource: "custom_data" } : {}),
  };
}

/** Transactions a subscription creates by itself (renewals, upgrades, one-time charges) are renewals. */
const isRenewalOrigin = (origin: string | null | undefined) => !!origin && origin.startsWith("subscription_");

/** transaction.completed / transaction.paid: one sale per transaction id, whichever of the two arrives first. */
function transactionPaid(event: PaddleEvent): NormalizeResult {
  const transaction = paddleTransactionSchema.parse(event.data);
  const { total, tax } = transaction.details.totals;
  const amount = Math.max(0, total - (tax ?? 0));
  if (amount === 0) return { ignored: "transaction of zero (trial, payment method change or full discount)" };
  const sale: Sale = {
    type: "sale",
    externalId: transaction.id,
    kind: isRenewalOrigin(transaction.origin) ? "renewal" : "sale",
    amount,
    currency: transaction.currency_code.toUpperCase(),
    tax: Math.max(0, tax ?? 0),
    occurredAt: iso(transaction.billed_at ?? event.occurred_at),
    ...(transaction.customer_id ? { customer: { provider: "paddle", externalId: transaction.customer_id } } : {}),
    evidence: evidenceOf(transaction.custom_data, transaction.discount_id),
    lines: [],
  };
  return { events: [sale] };
}

const reversingActions = new Set(["refund", "chargeback"]);

/** adjustment.created / adjustment.updated: an approved refund or a chargeback reverses the transaction it names. */
function adjustmentChanged(event: PaddleEvent): NormalizeResult {
  const adjustment = paddleAdjustmentSchema.parse(event.data);
  if (!reversingActions.has(adjustment.action)) return { ignored: `adjustment ${adjustment.action} does not reverse a sale` };
  if (adjustment.status !== "approved") return { ignored: `${adjustment.action} is ${adjustment.status}; reversed once approved` };
  const amount = Math.max(0, adjustment.totals.total - (adjustment.totals.tax ?? 0));
  if (amount === 0) return { ignored: "adjustment of zero" };
  return {
    events: [
      {
        type: "refund",
        // created and updated name the same adjustment: whichever arrives approved first counts, the other is a duplicate.
        externalId: adjustment.id,
        refundsExternalId: adjustment.transaction_id,
        amount,
        currency: adjustment.currency_code.toUpperCase(),
        occurredAt: iso(adjustment.updated_at ?? adjustment.created_at ?? event.occurred_at),
      },
    ],
  };
}

function subscriptionCreated(event: PaddleEvent): NormalizeResult {
  const subscription = paddleSubscriptionSchema.parse(event.data);
  const evidence = evidenceOf(subscription.custom_data, subscription.discount?.id);
  if (!evidence.referralKey && !evidence.discountExternalIds) return { ignored: "subscription carries neither custom_data.referral nor a discount" };
  if (!subscription.customer_id) return { ignored: "subscription names no customer" };
  return { events: [{ type: "customer", customer: { provider: "paddle", externalId: subscription.customer_id }, evidence, occurredAt: iso(event.occurred_at) }] };
}

function customerCreated(event: PaddleEvent): NormalizeResult {
  const customer = paddleCustomerSchema.parse(event.data);
  const ref = { provider: "paddle", externalId: customer.id, ...(customer.email ? { email: customer.email } : {}), ...(customer.name ? { name: customer.name } : {}) };
  return { events: [{ type: "customer", customer: ref, evidence: evidenceOf(customer.custom_data), occurredAt: iso(event.occurred_at) }] };
}

/** discount.created / updated: a code whose custom_data names a partner (partner_key, else referral) becomes that partner's coupon. */
function discountChanged(event: PaddleEvent): NormalizeResult {
  const discount = paddleDiscountSchema.parse(event.data);
  if (!discount.code) return { ignored: "discount has no code customers can type" };
  const partnerKey = [discount.custom_data?.partner_key, discount.custom_data?.referral].find((value): value is string => typeof value === "string" && value !== "");
  return {
    events: [
      { type: "coupon_code", code: discount.code, externalId: discount.id, discountExternalId: discount.id, active: discount.status === "active", ...(partnerKey ? { partnerKey } : {}) },
    ],
  };
}

/** Paddle Billing notifications to domain events; pure. Paddle totals are strings of integer minor units. */
export function normalizePaddle(delivery: VerifiedDelivery): NormalizeResult {
  const event = paddleEventSchema.parse(delivery.payload);
  switch (event.event_type) {
    case "transaction.completed":
    case "transaction.paid":
      return transactionPaid(event);
    case "adjustment.created":
    case "adjustment.updated":
      return adjustmentChanged(event);
    case "subscription.created":
      return subscriptionCreated(event);
    case "subscription.canceled":
      return { ignored: "subscription canceled; commissions earned stay, renewals stop arriving" };
    case "customer.created":
      return customerCreated(event);
    case "discount.created":
    case "discount.updated":
      return discountChanged(event);
    default:
      return { ignored: `paddle event ${event.event_type} is not used` };
  }
}
