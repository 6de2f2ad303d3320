import { index, pgEnum, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { at, createdAt, id, updatedAt } from "./columns";
import { clicks, partners } from "./partners";
import { programs } from "./programs";
import { shops } from "./shops";

export const customerSource = pgEnum("customer_source", ["link", "coupon", "lead", "api", "manual"]);
export const leadStatus = pgEnum("lead_status", ["pending", "converted", "rejected"]);

/** A customer who signed up or bought; bound to at most one referrer. */
export const customers = pgTable(
  "customers",
  {
    id: id(),
    shopId: uuid("shop_id").notNull().references(() => shops.id, { onDelete: "cascade" }),
    programId: uuid("program_id").references(() => programs.id, { onDelete: "set null" }),
    /** The merchant's or provider's stable key for this customer. */
    key: text("key").notNull(),
    email: text("email"),
    emailNormalized: text("email_normalized"),
    name: text("name"),
    referrerPartnerId: uuid("referrer_partner_id").references(() => partners.id, { onDelete: "set null" }),
    source: customerSource("source"),
    clickId: uuid("click_id").references(() => clicks.id, { onDelete: "set null" }),
    boundAt: at("bound_at"),
    redactedAt: at("redacted_at"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("customers_shop_key_key").on(t.shopId, t.key),
    index("customers_shop_email_idx").on(t.shopId, t.emailNormalized),
    index("customers_shop_referrer_idx").on(t.shopId, t.referrerPartnerId),
    index("customers_shop_created_idx").on(t.shopId, t.createdAt, t.id),
  ],
);

/** Ids of a customer in each provider: Shopify customer, Stripe customer, Paddle customer, email. */
export const customerExternalIds = pgTable(
  "customer_external_ids",
  {
    id: id(),
    shopId: uuid("shop_id").notNull().references(() => shops.id, { onDelete: "cascade" }),
    customerId: uuid("customer_id").notNull().references(() => customers.id, { onDelete: "cascade" }),
    provider: text("provider").notNull(),
    externalId: text("external_id").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("customer_external_ids_key").on(t.shopId, t.provider, t.externalId),
    index("customer_external_ids_customer_idx").on(t.shopId, t.customerId),
  ],
);

export const leads = pgTable(
  "leads",
  {
    id: id(),
    shopId: uuid("shop_id").notNull().references(() => shops.id, { onDelete: "cascade" }),
    programId: uuid("program_id").notNull().references(() => programs.id, { onDelete: "cascade" }),
    partnerId: uuid("partner_id").notNull().references(() => partners.id, { onDelete: "cascade" }),
    email: text("email").notNull(),
    emailNormalized: text("email_normalized").notNull(),
    name: text("name"),
    status: leadStatus("status").notNull().default("pending"),
    customerId: uuid("customer_id").references(() => customers.id, { onDelete: "set null" }),
    convertedAt: at("converted_at"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("leads_program_email_key").on(t.shopId, t.programId, t.emailNormalized),
    index("leads_shop_email_idx").on(t.shopId, t.emailNormalized),
  ],
);
