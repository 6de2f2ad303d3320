import Stripe from "stripe";
import type { Connector, VerifiedDelivery } from "../types";
import { WebhookPayloadError, WebhookVerificationError } from "../types";
import { normalizeStripe } from "./normalize";

/** Oldest accepted `t=` of a Stripe-Signature, in seconds (Stripe's own default). */
export const STRIPE_TOLERANCE_SECONDS = 300;

// Signature checks are local HMAC computations: the key is never used, no request is ever made.
const stripe = new Stripe("sk_placeholder_webhook_verification_only");

function constructEvent(rawBody: string, signature: string, secret: string, now: Date | undefined): unknown {
  try {
    // receivedAt is in milliseconds: the SDK divides it by 1000 before comparing with `t=`.
    return stripe.webhooks.constructEvent(rawBody, signature, secret, STRIPE_TOLERANCE_SECONDS, undefined, now?.getTime());
  } catch (error) {
    if (error instanceof Stripe.errors.StripeSignatureVerificationError) {
      const reason = /tolerance/i.test(error.message) ? `older than ${STRIPE_TOLERANCE_SECONDS} s` : "does not match";
      throw new WebhookVerificationError(`Stripe-Signature ${reason}`);
    }
    // Every failure of the signature check is a StripeSignatureVerificationError; anything else comes from
    // reading the body after the signature held (invalid JSON, a thin v2 event notification).
    throw new WebhookPayloadError(error instanceof SyntaxError ? "body is not valid JSON" : "body is not a Stripe snapshot event");
  }
}

function isEvent(value: unknown): value is { id: string; type: string } {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const { id, type } = value as Record<string, unknown>;
  return typeof id === "string" && id !== "" && typeof type === "string" && type !== "";
}

/** Stripe: `Stripe-Signature` checked by the stripe SDK against the endpoint's signing secret, 300 s tolerance; deduplicated on the event id. */
export const stripeConnector: Connector = {
  provider: "stripe",
  verify(rawBody, headers, secret, context): VerifiedDelivery {
    const signature = headers.get("stripe-signature");
    if (!signature) throw new WebhookVerificationError("Stripe-Signature is missing");
    const event = constructEvent(rawBody, signature, secret, context?.now);
    if (!isEvent(event)) throw new WebhookPayloadError("body is not a Stripe event with an id and a type");
    return { externalId: event.id, topic: event.type, payload: event };
  },
  normalize: normalizeStripe,
};
