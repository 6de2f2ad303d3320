/** The Authorization header Chargebee sends when the webhook is protected with Basic auth. */
export const chargebeeBasicAuth = (usernamePassword: string) => `Basic ${Buffer.from(usernamePassword, "utf8").toString("base64")}`;

/** A Chargebee event envelope (API v2) around its content. */
export function chargebeeEvent(eventType: string, content: Record<string, unknown>, overrides: Record<string, unknown> = {}) {
  return {
    id: `ev_${Math.random().toString(36).slice(2, 14)}`,
    occurred_at: 1_796_000_000,
    source: "admin_console",
    object: "event",
    api_version: "v2",
    event_type: eventType,
    webhook_status: "scheduled",
    content,
    ...overrides,
  };
}
