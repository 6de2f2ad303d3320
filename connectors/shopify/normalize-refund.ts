import type { z } from "zod";
import type { NormalizedEvent } from "../../domain/ingest/normalized-event";
import { parseMinorUnits } from "../../domain/shared/money";
import { isoTime, shopifyId } from "./ids";
import type { refundSchema } from "./schemas";

type Refund = z.infer<typeof refundSchema>;

/**
 * refunds/create as the merchandise money given back: the refunded line subtotals, corrected by any
 * `refund_discrepancy` adjustment (Shopify records an amount refunded by hand, with no lines, as a negative
 * discrepancy; a positive one is money the lines would have refunded but was kept). Shipping and tax refunds are
 * not merchandise and leave the commission alone.
 */
export function refundToEvent(refund: Refund): NormalizedEvent | { ignored: string } {
  const currency =
    refund.refund_line_items[0]?.subtotal_set.shop_money.currency_code.toUpperCase() ??
    refund.order_adjustments.find((a) => a.amount_set)?.amount_set?.shop_money.currency_code.toUpperCase();
  if (!currency) return { ignored: "refund has no line amounts" };
  const amount = refundedMerchandise(refund, currency);
  if (amount <= 0) return { ignored: "refund gives back no merchandise amount" };
  const externalId = shopifyId({ admin_graphql_api_id: refund.admin_graphql_api_id, id: refund.id })!;
  return { type: "refund", externalId, refundsExternalId: refund.order_id, amount, currency, occurredAt: isoTime(refund.created_at)! };
}

/** The merchandise a refund gives back, minor units of `currency` (shop money). */
export function refundedMerchandise(refund: Pick<Refund, "refund_line_items" | "order_adjustments">, currency: string): number {
  const lines = refund.refund_line_items.reduce((sum, line) => sum + parseMinorUnits(line.subtotal_set.shop_money.amount, currency, "subtotal_set"), 0);
  const discrepancy = refund.order_adjustments
    .filter((a) => a.kind === "refund_discrepancy")
    .reduce((sum, a) => sum + (a.amount_set ? parseMinorUnits(a.amount_set.shop_money.amount, currency, "order_adjustments.amount_set") : 0), 0);
  return lines - discrepancy;
}
