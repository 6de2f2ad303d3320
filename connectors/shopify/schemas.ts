import { z } from "zod";

/** Only the fields the connector reads; everything else in Shopify's payloads passes through untouched. */
const id = z.union([z.string(), z.number()]).transform(String);
export const moneySet = z.object({ shop_money: z.object({ amount: z.string(), currency_code: z.string() }) });

export const customerSchema = z.looseObject({
  id: id.optional(),
  admin_graphql_api_id: z.string().optional(),
  email: z.string().nullish(),
  first_name: z.string().nullish(),
  last_name: z.string().nullish(),
  tags: z.string().nullish(),
  note: z.string().nullish(),
  created_at: z.string().nullish(),
  updated_at: z.string().nullish(),
});

export const refundSchema = z.looseObject({
  id: id.optional(),
  admin_graphql_api_id: z.string().optional(),
  order_id: id,
  created_at: z.string(),
  refund_line_items: z.array(z.looseObject({ subtotal_set: moneySet })).default([]),
  /** Amounts refunded outside the lines: `refund_discrepancy` (an amount typed by hand; negative = refunded), `shipping_refund`. */
  order_adjustments: z.array(z.looseObject({ kind: z.string().nullish(), amount_set: moneySet.nullish(), amount: z.union([z.string(), z.number()]).nullish() })).default([]),
});

export const orderSchema = z.looseObject({
  id: id.optional(),
  admin_graphql_api_id: z.string().optional(),
  financial_status: z.string().nullish(),
  source_name: z.string().nullish(),
  test: z.boolean().nullish(),
  taxes_included: z.boolean().nullish(),
  checkout_token: z.string().nullish(),
  tags: z.string().nullish(),
  processed_at: z.string().nullish(),
  created_at: z.string().nullish(),
  cancelled_at: z.string().nullish(),
  updated_at: z.string().nullish(),
  email: z.string().nullish(),
  contact_email: z.string().nullish(),
  landing_site: z.string().nullish(),
  current_subtotal_price_set: moneySet.optional(),
  current_total_tax_set: moneySet.nullish(),
  total_shipping_price_set: moneySet.nullish(),
  discount_codes: z.array(z.looseObject({ code: z.string() })).nullish(),
  note_attributes: z.array(z.looseObject({ name: z.string(), value: z.union([z.string(), z.number()]).nullish() })).nullish(),
  customer: customerSchema.nullish(),
  /** Refunds already made, in orders/updated (and a late orders/paid): their merchandise is added back to the sale. */
  refunds: z.array(z.looseObject({ refund_line_items: z.array(z.looseObject({ subtotal_set: moneySet })).default([]), order_adjustments: refundSchema.shape.order_adjustments })).nullish(),
  line_items: z
    .array(
      z.looseObject({
        product_id: id.nullish(),
        variant_id: id.nullish(),
        quantity: z.number().int(),
        price: z.string().nullish(),
        price_set: moneySet.nullish(),
        gift_card: z.boolean().nullish(),
        discount_allocations: z.array(z.looseObject({ amount: z.string().nullish(), amount_set: moneySet.nullish() })).nullish(),
        tax_lines: z.array(z.looseObject({ price: z.string().nullish(), price_set: moneySet.nullish() })).nullish(),
        /** Set on a line bought on a selling plan (a subscription); 2026-10 adds selling_plan_id beside it. */
        selling_plan_allocation: z.looseObject({}).nullish(),
        selling_plan_id: id.nullish(),
      }),
    )
    .nullish(),
});

export const discountSchema = z.looseObject({ admin_graphql_api_id: z.string(), title: z.string().nullish(), status: z.string().nullish() });

export const gdprCustomerSchema = z.looseObject({
  customer: z.looseObject({ id: id.nullish(), email: z.string().nullish() }),
  data_request: z.looseObject({ id: id }).nullish(),
});

/** shop/update: the REST Shop resource; only the settings the app keeps are read. */
export const shopUpdateSchema = z.looseObject({
  name: z.string(),
  email: z.string().nullish(),
  currency: z.string(),
  iana_timezone: z.string().nullish(),
  primary_locale: z.string().nullish(),
  domain: z.string().nullish(),
});

/** app/uninstalled: the Shop resource; nothing in it is read (the shop comes from X-Shopify-Shop-Domain). */
export const appUninstalledSchema = z.looseObject({ id: id.optional() });

/** app/scopes_update: the scopes granted now. */
export const scopesUpdateSchema = z.looseObject({ current: z.array(z.string()) });

/**
 * The schema each subscribed topic's payload is read with. shopify.app.toml's `include_fields` of a topic are
 * exactly its schema's top-level keys (Shopify trims payloads to top-level fields), checked by a test, so Shopify
 * sends, and inbound_events keeps, nothing the app does not read.
 */
export const schemaOfTopic = {
  "orders/create": orderSchema,
  "orders/paid": orderSchema,
  "orders/updated": orderSchema,
  "orders/cancelled": orderSchema,
  "refunds/create": refundSchema,
  "customers/create": customerSchema,
  "customers/update": customerSchema,
  "discounts/create": discountSchema,
  "discounts/update": discountSchema,
  "discounts/delete": discountSchema,
  "app/uninstalled": appUninstalledSchema,
  "app/scopes_update": scopesUpdateSchema,
  "shop/update": shopUpdateSchema,
} as const;
