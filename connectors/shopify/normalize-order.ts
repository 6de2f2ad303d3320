import type { z } from "zod";
import type { Evidence, NormalizedEvent } from "../../domain/ingest/normalized-event";
import { parseMinorUnits } from "../../domain/shared/money";
import { isoTime, shopifyId } from "./ids";
import { shopifyOrderBase } from "./order-base";
import type { customerSchema, moneySet, orderSchema } from "./schemas";

type Order = z.infer<typeof orderSchema>;
type Money = z.infer<typeof moneySet>;

const minor = (money: Money | null | undefined, currency: string) => (money ? parseMinorUnits(money.shop_money.amount, currency) : undefined);

export function customerRef(customer: z.infer<typeof customerSchema> | null | undefined, fallbackEmail?: string | null) {
  const externalId = customer ? shopifyId({ admin_graphql_api_id: customer.admin_graphql_api_id, id: customer.id }) : undefined;
  const email = customer?.email ?? fallbackEmail ?? undefined;
  if (!externalId && !email) return undefined;
  const name = [customer?.first_name, customer?.last_name].filter(Boolean).join(" ") || undefined;
  return { provider: "shopify", ...(externalId ? { externalId } : {}), ...(email ? { email } : {}), ...(name ? { name } : {}) };
}

function orderEvidence(order: Order): Evidence {
  const attribute = (name: string) => {
    const value = order.note_attributes?.find((a) => a.name === name)?.value;
    return value === null || value === undefined || value === "" ? undefined : String(value);
  };
  const referralKey = attribute("_affiliate_ref");
  const clickedAt = isoTime(attribute("_affiliate_ts"));
  return {
    couponCodes: (order.discount_codes ?? []).map((d) => d.code).filter(Boolean),
    ...(referralKey ? { referralKey, referralKeySource: "note_attribute" } : {}),
    ...(attribute("_affiliate_click") ? { clickId: attribute("_affiliate_click") } : {}),
    ...(clickedAt ? { clickedAt } : {}),
    ...(order.landing_site ? { landingUrl: order.landing_site } : {}),
  };
}

/**
 * A renewal is an order Shopify's subscription billing placed, whichever app runs the subscription (Shopify
 * Subscriptions, Recharge, Appstle, Loop and Skio all bill through Shopify subscription contracts). Strongest first:
 * - lines on a selling plan (`selling_plan_id`, webhooks from 2026-10; `selling_plan_allocation`): a renewal when no
 *   checkout is behind the order, since the first subscription order is paid at checkout and is the sale;
 * - otherwise Shopify's label for orders its subscription billing created (source_name "subscription_contract...";
 *   its values changed before, so it is not the only sign),
 * - or the "Subscription Recurring Order" tag Recharge and Skio put on renewals (a tag may be added after the order).
 */
export function isSubscriptionRenewal(order: Order): boolean {
  const onSellingPlan = (order.line_items ?? []).some((line) => line.selling_plan_id != null || line.selling_plan_allocation != null);
  if (onSellingPlan) return !order.checkout_token;
  if (order.source_name?.startsWith("subscription_contract")) return true;
  return (order.tags ?? "").split(",").some((tag) => tag.trim().toLowerCase() === "subscription recurring order");
}

/** orders/paid as a sale: its commission base (shopifyOrderBase), tax and shipping apart, in the shop's currency. */
export function orderToSale(order: Order): NormalizedEvent {
  const externalId = shopifyId({ admin_graphql_api_id: order.admin_graphql_api_id, id: order.id });
  const subtotal = order.current_subtotal_price_set;
  if (!externalId || !subtotal) throw new Error("order has no id or current_subtotal_price_set");
  const currency = subtotal.shop_money.currency_code.toUpperCase();
  const { amount, lines } = shopifyOrderBase(order, currency);
  const customer = customerRef(order.customer, order.email ?? order.contact_email);
  return {
    type: "sale",
    externalId,
    kind: isSubscriptionRenewal(order) ? "renewal" : "sale",
    amount,
    currency,
    tax: minor(order.current_total_tax_set, currency),
    shipping: minor(order.total_shipping_price_set, currency),
    occurredAt: isoTime(order.processed_at ?? order.created_at) ?? new Date(0).toISOString(),
    ...(order.test === true ? { test: true } : {}),
    ...(isoTime(order.updated_at) ? { revisedAt: isoTime(order.updated_at) } : {}),
    ...(customer ? { customer } : {}),
    evidence: orderEvidence(order),
    lines,
  };
}
