import Stripe from "stripe";

// The global fetch is looked up at each call, so a test's msw interceptor (installed after import) sees it.
const fetchClient = Stripe.createFetchHttpClient((input, init) => globalThis.fetch(input, init));

/** A Stripe API client for one connection's key. */
export function stripeClient(apiKey: string): Stripe {
  return new Stripe(apiKey, { httpClient: fetchClient, maxNetworkRetries: 1, timeout: 15_000 });
}
