import { shopifyConnector } from "./shopify/connector";
import { stripeConnector } from "./stripe/connector";
import type { Connector, ProviderName } from "./types";

const connectors: Partial<Record<ProviderName, Connector>> = {
  shopify: shopifyConnector,
  stripe: stripeConnector,
};

/** The connector of a provider, or undefined when the app does not speak to it yet. */
export const connectorFor = (provider: string): Connector | undefined => connectors[provider as ProviderName];
