import { and, eq, isNull, or, type SQL } from "drizzle-orm";
import { inboundEvents } from "../../db/schema/index";

/** A shop's stored events: its own, and Shopify events stored for its domain before the shop was known (shop_id null). */
export function shopInboundEventsWhere(shopId: string, domain: string): SQL {
  return or(
    eq(inboundEvents.shopId, shopId),
    and(isNull(inboundEvents.shopId), eq(inboundEvents.provider, "shopify"), eq(inboundEvents.dedupeScope, `shop:${domain}`)),
  )!;
}
