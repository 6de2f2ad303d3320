import { index, jsonb, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { at, createdAt, id } from "./columns";
import { shops } from "./shops";

/** What an anonymous visitor applied for by email; the partner is created once the email is confirmed. */
export interface PortalApplication {
  programId: string;
  name: string | null;
}

/**
 * A partner-portal sign-in by email: the one-time link (only its SHA-256 is stored), then, once used, the
 * session it started. The portal session token names this row; signing out (or the merchant) sets revoked_at.
 */
export const portalLogins = pgTable(
  "portal_logins",
  {
    id: id(),
    shopId: uuid("shop_id").notNull().references(() => shops.id, { onDelete: "cascade" }),
    email: text("email").notNull(),
    emailNormalized: text("email_normalized").notNull(),
    tokenHash: text("token_hash").notNull(),
    application: jsonb("application").$type<PortalApplication>(),
    expiresAt: at("expires_at").notNull(),
    usedAt: at("used_at"),
    revokedAt: at("revoked_at"),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("portal_logins_token_key").on(t.tokenHash), index("portal_logins_shop_email_idx").on(t.shopId, t.emailNormalized)],
);
