import { shopifyWebhookAction } from "../webhooks/shopify-webhook.server";

export const action = shopifyWebhookAction("shop/update");
