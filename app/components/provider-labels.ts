export const providerLabels: Record<string, string> = { stripe: "Stripe", paddle: "Paddle", chargebee: "Chargebee", generic: "Generic" };
