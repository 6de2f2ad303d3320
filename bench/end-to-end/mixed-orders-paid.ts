import { mixedOrder } from "../drain/order-mix";
import { shopifyWebhookHeaders } from "../../test/helpers/shopify-signer";
import type { LoadRequest, RequestFactoryModule } from "../harness/load";

/** Signed orders/paid deliveries of the drain benchmark's order mix (attributed by key or coupon, unattributed, repeat buyers), one per n. */
const mixedOrdersPaid: RequestFactoryModule = (raw) => {
  const { shop, secret } = raw as { shop: string; secret: string };
  return (n: number): LoadRequest => {
    const { body } = mixedOrder(n);
    return { method: "POST", path: "/webhooks/orders/paid", headers: shopifyWebhookHeaders({ topic: "orders/paid", shop, body, secret, eventId: `e2e-${n}` }), body };
  };
};

export default mixedOrdersPaid;
