import { z } from "zod";
import { shopSettingsSchema } from "../shops/shop-settings";

/**
 * What a connector turns a provider's webhook into. Pure data: connectors never touch the database;
 * domain/ingest/apply-event.ts applies these. Money is integer minor units; ids stay strings (Shopify ids exceed 2^53).
 */

const minorUnits = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const currency = z.string().regex(/^[A-Z]{3}$/);
const isoTime = z.iso.datetime({ offset: true });

/** Who the customer is at the provider. At least one of externalId or email is set. */
export const customerRefSchema = z
  .object({
    /** "shopify", "stripe", "paddle", "chargebee", "generic" */
    provider: z.string().min(1),
    /** The provider's customer id, e.g. "gid://shopify/Customer/123" reduced to "123", or "cus_..." */
    externalId: z.string().min(1).optional(),
    email: z.string().min(3).optional(),
    name: z.string().optional(),
  })
  .refine((c) => c.externalId !== undefined || c.email !== undefined, "a customer needs an externalId or an email");
export type CustomerRef = z.infer<typeof customerRefSchema>;

/** Everything on the order, checkout or customer that may point to a partner. Strongest first when applied. */
export const evidenceSchema = z.object({
  /** Discount / promotion codes used, as the customer typed them. */
  couponCodes: z.array(z.string().min(1)).default([]),
  /** Provider discount ids (Paddle discount_id) whose partner codes count as used: resolved to codes when applied. */
  discountExternalIds: z.array(z.string().min(1)).optional(),
  /** Referral key from a cart/note attribute, client_reference_id, metadata or a landing URL parameter. */
  referralKey: z.string().min(1).optional(),
  /** Where the key came from, for the merchant: "note_attribute", "landing_site", "client_reference_id", "metadata". */
  referralKeySource: z.string().optional(),
  /** Click id written by the tracking script (_affiliate_click). */
  clickId: z.string().optional(),
  /** When the referral link was clicked (_affiliate_ts), ISO time. */
  clickedAt: isoTime.optional(),
  /** Landing URL seen by the provider (Shopify landing_site); query parameters are matched against the program's link formats when applied. */
  landingUrl: z.string().optional(),
});
export type Evidence = z.infer<typeof evidenceSchema>;

export const productLineSchema = z.object({
  id: z.string().min(1),
  collectionIds: z.array(z.string()).optional(),
  quantity: z.number().int().min(0),
  /** Line total after discounts, before tax, minor units. */
  amount: minorUnits,
});

export const normalizedEventSchema = z.discriminatedUnion("type", [
  /** A payment that can earn a commission: a first purchase or a subscription renewal. */
  z.object({
    type: z.literal("sale"),
    /** Unique per provider: Shopify order id, Stripe payment_intent/invoice id. Refunds refer to it. */
    externalId: z.string().min(1),
    kind: z.enum(["sale", "renewal"]),
    /** After discounts, excluding tax and shipping. */
    amount: minorUnits,
    currency,
    tax: minorUnits.optional(),
    shipping: minorUnits.optional(),
    occurredAt: isoTime,
    /** The provider's version of the order (Shopify updated_at): a newer one with another amount is an edit. */
    revisedAt: isoTime.optional(),
    /** A test order (Shopify `test: true`): attributed and shown, never paid. */
    test: z.boolean().optional(),
    customer: customerRefSchema.optional(),
    evidence: evidenceSchema,
    lines: z.array(productLineSchema).default([]),
    /**
     * The provider's subscription the payment belongs to. A renewal of a subscription that has no recorded payment
     * yet (the first paid invoice after a free trial) is recorded as its sale.
     */
    subscriptionExternalId: z.string().min(1).optional(),
    /**
     * What the customer paid, tax included, when the provider's refunds are parts of that (Stripe refunds, disputes
     * and credit notes are): a refund then reverses its share of this, so the tax in it reverses nothing more.
     */
    paidAmount: minorUnits.optional(),
  }),
  /** Money given back on a sale; reversed in proportion. */
  z.object({
    type: z.literal("refund"),
    externalId: z.string().min(1),
    refundsExternalId: z.string().min(1),
    amount: minorUnits,
    currency,
    occurredAt: isoTime,
  }),
  /** Refunded money came back (a dispute won): the refund's reversals are undone, recorded under externalId. */
  z.object({ type: z.literal("refund_restored"), externalId: z.string().min(1), refundExternalId: z.string().min(1), occurredAt: isoTime }),
  /**
   * Payments (Stripe payment intents, charges) that paid a sale recorded under another id (its invoice): refunds
   * naming a payment are applied to that sale, those that arrived first included.
   */
  z.object({ type: z.literal("payment_link"), paymentExternalIds: z.array(z.string().min(1)).min(1), saleExternalId: z.string().min(1) }),
  /** A provider discount (Stripe `di_...`) was applied through this promotion code (`promo_...`), so sales naming the discount used the code. */
  z.object({ type: z.literal("discount_link"), discountExternalId: z.string().min(1), promotionCodeExternalId: z.string().min(1) }),
  /** The whole sale is void (Shopify orders/cancelled): reverse whatever remains. */
  z.object({ type: z.literal("cancellation"), saleExternalId: z.string().min(1), occurredAt: isoTime }),
  /** A signup or customer update, which may bind a referred customer. */
  z.object({
    type: z.literal("customer"),
    customer: customerRefSchema,
    evidence: evidenceSchema,
    occurredAt: isoTime,
    /** The program the signup belongs to (a newsletter subscriber), by id or by type; otherwise chosen from the evidence. */
    program: z.object({ id: z.string().min(1).optional(), type: z.enum(["affiliate", "referral", "newsletter"]).optional() }).optional(),
  }),
  /** A lead a partner brought in (a CRM contact): pending until the merchant converts or rejects it. */
  z.object({
    type: z.literal("lead"),
    email: z.string().min(3),
    name: z.string().optional(),
    partnerKey: z.string().min(1),
    /** The partner's program when absent. */
    programId: z.string().min(1).optional(),
    occurredAt: isoTime,
  }),
  /** A promotion/discount code created or changed at the provider. partnerKey comes from code metadata when the provider has it. */
  z.object({
    type: z.literal("coupon_code"),
    code: z.string().min(1),
    externalId: z.string().min(1),
    discountExternalId: z.string().optional(),
    active: z.boolean(),
    partnerKey: z.string().optional(),
  }),
  /** A discount (Shopify) or coupon (Stripe) was deleted: its codes stop attributing. */
  z.object({ type: z.literal("discount_deleted"), discountExternalId: z.string().min(1) }),
  z.object({ type: z.literal("shop_uninstalled") }),
  /** The shop's own settings changed (Shopify shop/update). */
  z.object({ type: z.literal("shop_settings"), settings: shopSettingsSchema }),
  z.object({ type: z.literal("customer_data_request"), customer: customerRefSchema, requestId: z.string().optional() }),
  z.object({ type: z.literal("customer_redact"), customer: customerRefSchema }),
  z.object({ type: z.literal("shop_redact") }),
]);
export type NormalizedEvent = z.infer<typeof normalizedEventSchema>;
