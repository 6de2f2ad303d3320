import { sql } from "drizzle-orm";
import { index, jsonb, pgEnum, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { at, createdAt, id, updatedAt } from "./columns";
import { commissionRules, programs } from "./programs";
import { shops } from "./shops";

export const partnerStatus = pgEnum("partner_status", ["pending", "active", "suspended"]);
export const payoutMethod = pgEnum("payout_method", ["paypal", "wise", "bank", "store_credit", "manual"]);

export const partnerGroups = pgTable(
  "partner_groups",
  {
    id: id(),
    shopId: uuid("shop_id").notNull().references(() => shops.id, { onDelete: "cascade" }),
    programId: uuid("program_id").notNull().references(() => programs.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    ruleId: uuid("rule_id").references(() => commissionRules.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("partner_groups_program_name_key").on(t.shopId, t.programId, t.name)],
);

/** A partner in an affiliate program, or a referring customer in referral and newsletter programs. */
export const partners = pgTable(
  "partners",
  {
    id: id(),
    shopId: uuid("shop_id").notNull().references(() => shops.id, { onDelete: "cascade" }),
    programId: uuid("program_id").notNull().references(() => programs.id, { onDelete: "cascade" }),
    email: text("email").notNull(),
    emailNormalized: text("email_normalized").notNull(),
    name: text("name"),
    status: partnerStatus("status").notNull().default("pending"),
    /** Primary referral key; also the key of the partner's default link. Unique per shop, case-insensitively. */
    key: text("key").notNull(),
    groupId: uuid("group_id").references(() => partnerGroups.id, { onDelete: "set null" }),
    /** Set when a referring customer is also a customer of the shop (self-referral detection). */
    customerId: uuid("customer_id"),
    payoutMethod: payoutMethod("payout_method"),
    payoutDetails: jsonb("payout_details").$type<Record<string, string>>().notNull().default({}),
    redactedAt: at("redacted_at"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("partners_shop_key_key").on(t.shopId, sql`lower(${t.key})`),
    uniqueIndex("partners_program_email_key").on(t.shopId, t.programId, t.emailNormalized),
    index("partners_shop_program_idx").on(t.shopId, t.programId, t.createdAt),
    index("partners_shop_created_idx").on(t.shopId, t.createdAt, t.id),
  ],
);

/** A referral link. Each partner has a default link whose key equals partners.key, and may have more. */
export const links = pgTable(
  "links",
  {
    id: id(),
    shopId: uuid("shop_id").notNull().references(() => shops.id, { onDelete: "cascade" }),
    partnerId: uuid("partner_id").notNull().references(() => partners.id, { onDelete: "cascade" }),
    key: text("key").notNull(),
    destinationUrl: text("destination_url"),
    label: text("label"),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("links_shop_key_key").on(t.shopId, sql`lower(${t.key})`), index("links_partner_idx").on(t.shopId, t.partnerId)],
);

export const clicks = pgTable(
  "clicks",
  {
    id: id(),
    shopId: uuid("shop_id").notNull().references(() => shops.id, { onDelete: "cascade" }),
    programId: uuid("program_id").notNull().references(() => programs.id, { onDelete: "cascade" }),
    partnerId: uuid("partner_id").notNull().references(() => partners.id, { onDelete: "cascade" }),
    linkId: uuid("link_id").references(() => links.id, { onDelete: "set null" }),
    landingUrl: text("landing_url"),
    visitorId: text("visitor_id"),
    ipHash: text("ip_hash"),
    userAgentHash: text("user_agent_hash"),
    clickedAt: at("clicked_at").notNull().defaultNow(),
  },
  (t) => [
    index("clicks_shop_partner_time_idx").on(t.shopId, t.partnerId, t.clickedAt),
    index("clicks_shop_visitor_idx").on(t.shopId, t.visitorId),
    // The dashboard's clicks of a period, whatever the partner.
    index("clicks_shop_time_idx").on(t.shopId, t.clickedAt),
  ],
);
