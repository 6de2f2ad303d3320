import { index, jsonb, pgTable, primaryKey, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { at, createdAt, id } from "./columns";
import { partners } from "./partners";
import { programs } from "./programs";
import { shops } from "./shops";

/** A discount configuration (Shopify discount, Stripe coupon, Paddle discount). */
export const discounts = pgTable(
  "discounts",
  {
    id: id(),
    shopId: uuid("shop_id").notNull().references(() => shops.id, { onDelete: "cascade" }),
    provider: text("provider").notNull(),
    externalId: text("external_id").notNull(),
    title: text("title"),
    value: jsonb("value").$type<Record<string, unknown>>().notNull().default({}),
    deletedAt: at("deleted_at"),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("discounts_provider_external_key").on(t.shopId, t.provider, t.externalId)],
);

/** A redeemable code; a partner coupon when partner_id is set. Codes compare case-insensitively. */
export const couponCodes = pgTable(
  "coupon_codes",
  {
    id: id(),
    shopId: uuid("shop_id").notNull().references(() => shops.id, { onDelete: "cascade" }),
    programId: uuid("program_id").references(() => programs.id, { onDelete: "cascade" }),
    discountId: uuid("discount_id").references(() => discounts.id, { onDelete: "set null" }),
    partnerId: uuid("partner_id").references(() => partners.id, { onDelete: "cascade" }),
    code: text("code").notNull(),
    codeNormalized: text("code_normalized").notNull(),
    provider: text("provider").notNull().default("manual"),
    externalId: text("external_id"),
    deletedAt: at("deleted_at"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("coupon_codes_shop_code_key").on(t.shopId, t.codeNormalized),
    index("coupon_codes_partner_idx").on(t.shopId, t.partnerId),
  ],
);

/**
 * What a provider's webhooks name by id, resolved from the provider's other events (or its API): `promotion_code`
 * (Stripe `promo_...` -> its code), `discount` (`di_...` -> the `promo_...` that applied it), `payment` (a payment
 * intent or charge -> the invoice it paid, the id its sale is recorded under).
 */
export const providerReferences = pgTable(
  "provider_references",
  {
    shopId: uuid("shop_id").notNull().references(() => shops.id, { onDelete: "cascade" }),
    provider: text("provider").notNull(),
    kind: text("kind").$type<"promotion_code" | "discount" | "payment">().notNull(),
    externalId: text("external_id").notNull(),
    target: text("target").notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.shopId, t.provider, t.kind, t.externalId] })],
);
