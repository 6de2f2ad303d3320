import type { NormalizeResult, VerifiedDelivery } from "../types";
import { isoTime, shopifyId } from "./ids";
import { customerRef, orderToSale } from "./normalize-order";
import { customerSchema, discountSchema, gdprCustomerSchema, orderSchema, refundSchema, shopUpdateSchema } from "./schemas";
import { refundToEvent } from "./normalize-refund";

function customerEvidence(tags: string | null | undefined, note: string | null | undefined) {
  const tagKey = tags?.split(",").map((t) => t.trim()).find((t) => t.toLowerCase().startsWith("affiliate:"))?.slice("affiliate:".length).trim();
  if (tagKey) return { couponCodes: [], referralKey: tagKey, referralKeySource: "customer_tag" };
  const noteKey = note?.match(/_affiliate_ref:\s*([A-Za-z0-9_-]+)/)?.[1];
  return noteKey ? { couponCodes: [], referralKey: noteKey, referralKeySource: "customer_note" } : { couponCodes: [] };
}

/** An order in one of these was paid: its later versions (orders/updated) carry edits. */
const PAID_STATUSES = new Set(["paid", "partially_refunded", "refunded"]);

/** Shopify topics to domain events; pure. */
export function normalizeShopify(delivery: VerifiedDelivery): NormalizeResult {
  const { topic, payload } = delivery;
  switch (topic) {
    case "orders/paid":
      return { events: [orderToSale(orderSchema.parse(payload))] };
    case "orders/create": {
      const order = orderSchema.parse(payload);
      return order.financial_status === "paid" ? { events: [orderToSale(order)] } : { ignored: "order not paid yet; counted on orders/paid" };
    }
    case "orders/updated": {
      // An edit after payment (lines added or removed) arrives here; its sale event is applied as the difference.
      const order = orderSchema.parse(payload);
      return PAID_STATUSES.has(order.financial_status ?? "") ? { events: [orderToSale(order)] } : { ignored: "order not paid yet; counted on orders/paid" };
    }
    case "orders/cancelled": {
      const order = orderSchema.parse(payload);
      const saleExternalId = shopifyId({ admin_graphql_api_id: order.admin_graphql_api_id, id: order.id })!;
      return { events: [{ type: "cancellation", saleExternalId, occurredAt: isoTime(order.cancelled_at ?? order.updated_at) ?? new Date(0).toISOString() }] };
    }
    case "refunds/create": {
      const event = refundToEvent(refundSchema.parse(payload));
      return "ignored" in event ? event : { events: [event] };
    }
    case "customers/create":
    case "customers/update": {
      const customer = customerSchema.parse(payload);
      const ref = customerRef(customer);
      if (!ref) return { ignored: "customer has neither id nor email" };
      const occurredAt = isoTime(topic === "customers/create" ? customer.created_at : customer.updated_at ?? customer.created_at) ?? new Date(0).toISOString();
      return { events: [{ type: "customer", customer: ref, evidence: customerEvidence(customer.tags, customer.note), occurredAt }] };
    }
    case "discounts/create":
    case "discounts/update": {
      // The payload names the discount, not its codes: only codes the app already knows are updated.
      const discount = discountSchema.parse(payload);
      if (!discount.title) return { ignored: "discount has no title" };
      const id = discount.admin_graphql_api_id;
      return { events: [{ type: "coupon_code", code: discount.title, externalId: id, discountExternalId: id, active: discount.status === "ACTIVE" }] };
    }
    case "discounts/delete":
      return { events: [{ type: "discount_deleted", discountExternalId: discountSchema.parse(payload).admin_graphql_api_id }] };
    case "app/uninstalled":
      return { events: [{ type: "shop_uninstalled" }] };
    case "shop/update": {
      const shop = shopUpdateSchema.parse(payload);
      const host = shop.domain || null;
      const settings = {
        name: shop.name,
        currency: shop.currency.toUpperCase(),
        timezone: shop.iana_timezone || null,
        locale: shop.primary_locale || null,
        contactEmail: shop.email || null,
        primaryDomainUrl: host ? `https://${host}` : null,
        primaryDomainHost: host,
      };
      return { events: [{ type: "shop_settings", settings }] };
    }
    case "shop/redact":
      return { events: [{ type: "shop_redact" }] };
    case "customers/data_request":
    case "customers/redact": {
      const request = gdprCustomerSchema.parse(payload);
      const customer = { provider: "shopify", ...(request.customer.id ? { externalId: request.customer.id } : {}), ...(request.customer.email ? { email: request.customer.email } : {}) };
      if (!customer.externalId && !customer.email) return { ignored: "request names no customer" };
      return topic === "customers/redact"
        ? { events: [{ type: "customer_redact", customer }] }
        : { events: [{ type: "customer_data_request", customer, requestId: request.data_request?.id }] };
    }
    default:
      return { ignored: `shopify topic ${topic} is not used` };
  }
}
