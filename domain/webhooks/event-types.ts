/** The events an endpoint can subscribe to. */
export const webhookEventTypes = [
  "partner.created",
  "partner.approved",
  "customer.referred",
  "lead.created",
  "commission.created",
  "commission.approved",
  "commission.reversed",
  "payout.created",
  "payout.paid",
] as const;
export type WebhookEventType = (typeof webhookEventTypes)[number];

/** Sent only by "send test event", to one endpoint, whatever it subscribes to. */
export const TEST_EVENT_TYPE = "webhook.test";

/** Delay before attempt n+1 (index n): immediately, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h. */
export const RETRY_DELAYS_MS = [0, 5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000];
export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length;
/** An endpoint failing every attempt for this long is disabled. */
export const DISABLE_AFTER_MS = 5 * 24 * 3_600_000;
