import { bigint, boolean, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { at, createdAt, id } from "./columns";

export const shops = pgTable(
  "shops",
  {
    id: id(),
    domain: text("domain").notNull(),
    name: text("name"),
    currency: text("currency").notNull().default("USD"),
    /** IANA zone (Shopify's ianaTimezone): dashboard days and tier months start at the shop's midnight. */
    timezone: text("timezone").notNull().default("UTC"),
    locale: text("locale"),
    contactEmail: text("contact_email"),
    primaryDomainUrl: text("primary_domain_url"),
    primaryDomainHost: text("primary_domain_host"),
    settingsSyncedAt: at("settings_synced_at"),
    installedAt: at("installed_at").notNull().defaultNow(),
    uninstalledAt: at("uninstalled_at"),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("shops_domain_key").on(t.domain)],
);

/** The 17 columns @shopify/shopify-app-session-storage-drizzle writes. */
export const shopifySessions = pgTable("shopify_sessions", {
  id: text("id").primaryKey(),
  shop: text("shop").notNull(),
  state: text("state").notNull(),
  isOnline: boolean("isOnline").default(false).notNull(),
  scope: text("scope"),
  expires: timestamp("expires", { mode: "date" }),
  accessToken: text("accessToken").notNull(),
  userId: bigint("userId", { mode: "number" }),
  firstName: text("firstName"),
  lastName: text("lastName"),
  email: text("email"),
  accountOwner: boolean("accountOwner"),
  locale: text("locale"),
  collaborator: boolean("collaborator"),
  emailVerified: boolean("emailVerified"),
  refreshToken: text("refreshToken"),
  refreshTokenExpires: timestamp("refreshTokenExpires", { mode: "date" }),
});
