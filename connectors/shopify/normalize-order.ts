import type { z } from "zod";
import type { Evidence, NormalizedEvent } from "../../domain/ingest/normalized-event";
import { parseMinorUnits } from "../../domain/shared/money";
import { isoTime, shopifyId } from "./ids";
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
 * orders/paid as a sale: the subtotal after discounts, before tax and shipping, in the shop's currency.
 * Renewal orders of any subscription app carry a source_name beginning with "subscription_contract"; a first
 * subscription order (selling plan on its lines, placed at checkout) is the first payment, so a sale.
 */
export function orderToSale(order: Order): NormalizedEvent {
  const externalId = shopifyId({ admin_graphql_api_id: order.admin_graphql_api_id, id: order.id });
  const subtotal = order.current_subtotal_price_set;
  if (!externalId || !subtotal) throw new Error("order has no id or current_subtotal_price_set");
  const currency = subtotal.shop_money.currency_code.toUpperCase();
  const lines = (order.line_items ?? []).map((line) => {
    const gross = parseMinorUnits(line.price, currency, "line_items.price") * line.quantity;
    const discount = (line.discount_allocations ?? []).reduce((sum, d) => sum + parseMinorUnits(d.amount, currency, "discount_allocations.amount"), 0);
    return { id: String(line.product_id ?? line.variant_id ?? "unknown"), quantity: line.quantity, amount: Math.max(0, gross - discount) };
  });
  const customer = customerRef(order.customer, order.email ?? order.contact_email);
  return {
    type: "sale",
    externalId,
    kind: order.source_name?.startsWith("subscription_contract") ? "renewal" : "sale",
    amount: Math.max(0, parseMinorUnits(subtotal.shop_money.amount, currency, "current_subtotal_price_set")),
    currency,
    tax: minor(order.current_total_tax_set, currency),
    shipping: minor(order.total_shipping_price_set, currency),
    occurredAt: isoTime(order.processed_at ?? order.created_at) ?? new Date(0).toISOString(),
    ...(customer ? { customer } : {}),
    evidence: orderEvidence(order),
    lines,
  };
}
