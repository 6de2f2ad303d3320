import { boolean, index, integer, jsonb, pgEnum, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { at, createdAt, id, minorUnits, updatedAt } from "./columns";
import { shops } from "./shops";

export const programType = pgEnum("program_type", ["affiliate", "referral", "newsletter"]);
export const attributionModel = pgEnum("attribution_model", ["first_click", "last_click"]);
export const ruleKind = pgEnum("commission_rule_kind", ["percentage", "fixed"]);
export const fixedPer = pgEnum("commission_fixed_per", ["order", "item"]);

/** Reward handed to a referred friend or to a referrer (referral programs), or at a newsletter milestone. */
export type RewardSpec =
  | { type: "percentage_discount"; percentBasisPoints: number }
  | { type: "fixed_discount"; amount: number }
  | { type: "store_credit"; amount: number }
  | { type: "commission" };

export type MilestoneSpec = { referredCount: number; reward: RewardSpec };

export const programs = pgTable(
  "programs",
  {
    id: id(),
    shopId: uuid("shop_id").notNull().references(() => shops.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    type: programType("type").notNull(),
    currency: text("currency").notNull(),
    /** null = lifetime cookie */
    cookieDays: integer("cookie_days"),
    attribution: attributionModel("attribution").notNull().default("last_click"),
    /** Query parameters recognised as referral keys, e.g. ["ref","via","aff"]. */
    linkParams: jsonb("link_params").$type<string[]>().notNull().default(["ref"]),
    /** Path form prefix: "/r" recognises /r/KEY. null disables the path form. */
    linkPathPrefix: text("link_path_prefix").default("/r"),
    holdDays: integer("hold_days").notNull().default(30),
    payoutThreshold: minorUnits("payout_threshold").notNull().default(0),
    autoApprovePartners: boolean("auto_approve_partners").notNull().default(false),
    leadSubmission: boolean("lead_submission").notNull().default(false),
    includeTax: boolean("include_tax").notNull().default(false),
    includeShipping: boolean("include_shipping").notNull().default(false),
    friendReward: jsonb("friend_reward").$type<RewardSpec | null>(),
    referrerReward: jsonb("referrer_reward").$type<RewardSpec | null>(),
    milestones: jsonb("milestones").$type<MilestoneSpec[]>().notNull().default([]),
    archivedAt: at("archived_at"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("programs_shop_idx").on(t.shopId), index("programs_shop_created_idx").on(t.shopId, t.createdAt, t.id)],
);

export type TierSpec = { thresholdAmount?: number; thresholdCount?: number; percentBasisPoints?: number; amount?: number };
export type TierPeriod = { kind: "month" } | { kind: "lifetime" } | { kind: "rolling"; days: number };
export type RecurringSpec = {
  percentBasisPoints?: number;
  amount?: number;
  maxMonths?: number;
  maxPayments?: number;
};
export type ProductOverride = {
  productId?: string;
  collectionId?: string;
  percentBasisPoints?: number;
  amount?: number;
};

/**
 * A commission rule. Percentages are basis points of a percent (1250 = 12.50 %), so rates stay integers.
 * Scope: a program's default rule (no group, no partner), a group's rule, or one partner's override.
 */
export const commissionRules = pgTable(
  "commission_rules",
  {
    id: id(),
    shopId: uuid("shop_id").notNull().references(() => shops.id, { onDelete: "cascade" }),
    programId: uuid("program_id").notNull().references(() => programs.id, { onDelete: "cascade" }),
    name: text("name").notNull().default("Default"),
    kind: ruleKind("kind").notNull(),
    percentBasisPoints: integer("percent_bp"),
    amount: minorUnits("amount"),
    fixedPer: fixedPer("fixed_per").notNull().default("order"),
    tiers: jsonb("tiers").$type<TierSpec[]>().notNull().default([]),
    tierPeriod: jsonb("tier_period").$type<TierPeriod>().notNull().default({ kind: "month" }),
    recurring: jsonb("recurring").$type<RecurringSpec | null>(),
    productOverrides: jsonb("product_overrides").$type<ProductOverride[]>().notNull().default([]),
    groupId: uuid("group_id"),
    partnerId: uuid("partner_id"),
    version: integer("version").notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("commission_rules_shop_program_idx").on(t.shopId, t.programId)],
);
