import type { Database } from "../../db/client";
import { applyCouponCode, applyDiscountDeleted, applyDiscountLink } from "./apply-coupon-events";
import { applyPaymentLink } from "./apply-payment-link";
import { applyCustomerEvent } from "./apply-customer-event";
import { applyLeadEvent } from "./apply-lead-event";
import { applyCancellation, applyRefundEvent, applyRefundRestored } from "./apply-refund-event";
import { applySale } from "./apply-sale";
import { updateShopSettings } from "../shops/update-shop-settings";
import { applyCustomerDataRequest, applyCustomerRedact, applyShopRedact, applyShopUninstalled } from "./apply-shop-events";
import { normalizedEventSchema, type NormalizedEvent } from "./normalized-event";
import { resolveDiscountCodes } from "./resolve-discount-codes";

/**
 * Applies one normalized event to a shop's domain. Returns a note when the event changed nothing on purpose
 * (no program yet, a code that is nobody's). Every path is idempotent: applying an event twice, or events
 * out of order, ends in the same state (refunds and cancellations before their sale are parked).
 */
export async function applyEvent(db: Database, shopId: string, provider: string, input: NormalizedEvent): Promise<string | undefined> {
  const event = normalizedEventSchema.parse(input);
  switch (event.type) {
    case "sale":
      return applySale(db, shopId, provider, { ...event, evidence: await resolveDiscountCodes(db, shopId, provider, event.evidence) });
    case "refund":
      return applyRefundEvent(db, shopId, provider, event);
    case "refund_restored":
      return applyRefundRestored(db, shopId, provider, event);
    case "payment_link":
      return applyPaymentLink(db, shopId, provider, event);
    case "discount_link":
      return applyDiscountLink(db, shopId, provider, event);
    case "cancellation":
      return applyCancellation(db, shopId, provider, event);
    case "customer":
      return applyCustomerEvent(db, shopId, { ...event, evidence: await resolveDiscountCodes(db, shopId, provider, event.evidence) });
    case "lead":
      return applyLeadEvent(db, shopId, event);
    case "coupon_code":
      return applyCouponCode(db, shopId, provider, event);
    case "discount_deleted":
      return applyDiscountDeleted(db, shopId, provider, event);
    case "shop_uninstalled":
      await applyShopUninstalled(db, shopId);
      return undefined;
    case "customer_data_request":
      await applyCustomerDataRequest(db, shopId, event.customer, event.requestId);
      return undefined;
    case "customer_redact":
      await applyCustomerRedact(db, shopId, event.customer);
      return undefined;
    case "shop_settings":
      await updateShopSettings(db, shopId, event.settings);
      return undefined;
    case "shop_redact":
      await applyShopRedact(db, shopId);
      return undefined;
  }
}
