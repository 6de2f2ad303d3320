import type { z } from "zod";
import { parseMinorUnits } from "../../domain/shared/money";
import { refundedMerchandise } from "./normalize-refund";
import type { moneySet, orderSchema } from "./schemas";

type Order = z.infer<typeof orderSchema>;
type Line = NonNullable<Order["line_items"]>[number];
type Money = z.infer<typeof moneySet>;

/** Always the shop's currency: presentment_money is what the buyer saw, and the program counts in the shop's money. */
const shopMoney = (set: Money | null | undefined, fallback: string | null | undefined, currency: string, field: string) =>
  set ? parseMinorUnits(set.shop_money.amount, currency, field) : fallback != null ? parseMinorUnits(fallback, currency, field) : 0;

/** What one line adds to the commission base: after its discounts, without the tax a tax-inclusive price carries. */
function lineBase(line: Line, currency: string, taxesIncluded: boolean) {
  const gross = shopMoney(line.price_set, line.price, currency, "line_items.price_set") * line.quantity;
  const discount = (line.discount_allocations ?? []).reduce((sum, d) => sum + shopMoney(d.amount_set, d.amount, currency, "discount_allocations.amount_set"), 0);
  const tax = taxesIncluded ? (line.tax_lines ?? []).reduce((sum, t) => sum + shopMoney(t.price_set, t.price, currency, "tax_lines.price_set"), 0) : 0;
  return { afterDiscounts: Math.max(0, gross - discount), tax };
}

/**
 * The Shopify order's commission base: the current subtotal (after discounts and edits) in shop money, with the
 * merchandise of refunds already made added back (refunds/create reverses those itself), without gift-card lines (a gift card is money kept for later; the merchandise it buys earns when it is spent) and,
 * when prices include tax (`taxes_included`, VAT stores), without the tax inside the merchandise lines. `lines`
 * are the merchandise lines on the same terms, for product overrides.
 */
export function shopifyOrderBase(order: Order, currency: string) {
  const taxesIncluded = order.taxes_included === true;
  let giftCards = 0;
  let includedTax = 0;
  const lines = [];
  for (const line of order.line_items ?? []) {
    const { afterDiscounts, tax } = lineBase(line, currency, taxesIncluded);
    if (line.gift_card === true) {
      giftCards += afterDiscounts;
      continue;
    }
    includedTax += tax;
    lines.push({ id: String(line.product_id ?? line.variant_id ?? "unknown"), quantity: line.quantity, amount: Math.max(0, afterDiscounts - tax) });
  }
  const subtotal = shopMoney(order.current_subtotal_price_set, undefined, currency, "current_subtotal_price_set");
  const refunded = (order.refunds ?? []).reduce((sum, refund) => sum + refundedMerchandise(refund, currency), 0);
  return { amount: Math.max(0, subtotal + refunded - giftCards - includedTax), lines };
}
