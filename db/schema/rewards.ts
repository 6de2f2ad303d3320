import { sql } from "drizzle-orm";
import { index, integer, jsonb, pgEnum, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { at, createdAt, id, minorUnits } from "./columns";
import { customers } from "./customers";
import type { RewardSpec } from "./programs";
import { partners } from "./partners";
import { programs } from "./programs";
import { shops } from "./shops";
import { transactions } from "./money";

/** issuing: claimed, the provider call may or may not have happened (never retried blindly); failed: the provider refused it. */
export const rewardStatus = pgEnum("reward_status", ["issuing", "issued", "failed"]);

/**
 * A reward handed to a referrer (a friend's first paid order) or to a newsletter subscriber (a milestone).
 * The unique indexes are what makes each reward happen exactly once, whatever retries or duplicate webhooks do.
 */
export const rewards = pgTable(
  "rewards",
  {
    id: id(),
    shopId: uuid("shop_id").notNull().references(() => shops.id, { onDelete: "cascade" }),
    programId: uuid("program_id").notNull().references(() => programs.id, { onDelete: "cascade" }),
    /** Who receives it. */
    partnerId: uuid("partner_id").notNull().references(() => partners.id, { onDelete: "cascade" }),
    /** The referred friend whose first paid order earned it (referral programs). */
    referredCustomerId: uuid("referred_customer_id").references(() => customers.id, { onDelete: "set null" }),
    transactionId: uuid("transaction_id").references(() => transactions.id, { onDelete: "set null" }),
    /** The milestone's referred count (newsletter programs). */
    milestone: integer("milestone"),
    spec: jsonb("spec").$type<RewardSpec>().notNull(),
    amount: minorUnits("amount"),
    currency: text("currency"),
    status: rewardStatus("status").notNull().default("issuing"),
    /** The discount code given, when the reward is one. */
    code: text("code"),
    /** The provider's id of what was created (discount node, store credit transaction). */
    externalId: text("external_id"),
    error: text("error"),
    issuedAt: at("issued_at"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("rewards_referral_key").on(t.programId, t.referredCustomerId).where(sql`referred_customer_id is not null`),
    uniqueIndex("rewards_milestone_key").on(t.programId, t.partnerId, t.milestone).where(sql`milestone is not null`),
    index("rewards_shop_partner_idx").on(t.shopId, t.partnerId),
  ],
);

/**
 * A newsletter subscriber (a partner of a newsletter program, so they have a referral link of their own) and
 * who referred them. A referral counts once the subscriber is confirmed.
 */
export const newsletterSubscriptions = pgTable(
  "newsletter_subscriptions",
  {
    id: id(),
    shopId: uuid("shop_id").notNull().references(() => shops.id, { onDelete: "cascade" }),
    programId: uuid("program_id").notNull().references(() => programs.id, { onDelete: "cascade" }),
    partnerId: uuid("partner_id").notNull().references(() => partners.id, { onDelete: "cascade" }),
    referrerPartnerId: uuid("referrer_partner_id").references(() => partners.id, { onDelete: "set null" }),
    /** SHA-256 of the double opt-in token; the token itself is only in the confirmation link. */
    tokenHash: text("token_hash").notNull(),
    confirmedAt: at("confirmed_at"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("newsletter_subscriptions_partner_key").on(t.partnerId),
    uniqueIndex("newsletter_subscriptions_token_key").on(t.tokenHash),
    index("newsletter_subscriptions_referrer_idx").on(t.shopId, t.programId, t.referrerPartnerId),
  ],
);
