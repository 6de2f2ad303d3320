/**
 * Row types: what a select on each table returns, inferred from the drizzle tables.
 * They live here, not in the verb files that first needed them, so that importing a row type
 * never pulls in (or cycles through) domain code. Import them with `import type`.
 */
import type {
  commissionRules,
  commissions,
  couponCodes,
  customers,
  inboundEvents,
  leads,
  links,
  partnerGroups,
  partners,
  payoutBatches,
  payouts,
  payoutSchedules,
  portalLogins,
  programs,
  providerConnections,
  rewards,
  shops,
  transactions,
  webhookAttempts,
  webhookEndpoints,
} from "./index";

export type Shop = typeof shops.$inferSelect;
export type Program = typeof programs.$inferSelect;
export type CommissionRule = typeof commissionRules.$inferSelect;
export type PartnerGroup = typeof partnerGroups.$inferSelect;
export type Partner = typeof partners.$inferSelect;
export type Link = typeof links.$inferSelect;
export type Customer = typeof customers.$inferSelect;
export type Lead = typeof leads.$inferSelect;
export type CouponCode = typeof couponCodes.$inferSelect;
export type Transaction = typeof transactions.$inferSelect;
export type Commission = typeof commissions.$inferSelect;
export type PayoutBatch = typeof payoutBatches.$inferSelect;
export type PayoutSchedule = typeof payoutSchedules.$inferSelect;
export type Payout = typeof payouts.$inferSelect;
export type Reward = typeof rewards.$inferSelect;
export type ProviderConnection = typeof providerConnections.$inferSelect;
export type InboundEvent = typeof inboundEvents.$inferSelect;
export type WebhookEndpoint = typeof webhookEndpoints.$inferSelect;
export type WebhookAttempt = typeof webhookAttempts.$inferSelect;
export type PortalLogin = typeof portalLogins.$inferSelect;
