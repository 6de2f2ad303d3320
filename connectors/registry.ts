import { chargebeeConnector } from "./chargebee/connector";
import { genericConnector } from "./generic/connector";
import { paddleConnector } from "./paddle/connector";
import { shopifyConnector } from "./shopify/connector";
import { stripeConnector } from "./stripe/connector";
import type { Connector, ProviderName } from "./types";

const connectors: Record<ProviderName, Connector> = {
  shopify: shopifyConnector,
  stripe: stripeConnector,
  paddle: paddleConnector,
  chargebee: chargebeeConnector,
  generic: genericConnector,
};

/** The connector of a provider, or undefined when the app does not speak to it. */
export const connectorFor = (provider: string): Connector | undefined =>
  Object.hasOwn(connectors, provider) ? connectors[provider as ProviderName] : undefined;
