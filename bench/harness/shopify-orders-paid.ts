import { readFileSync } from "node:fs";
import { orderId, shopifyOrderBody } from "../../test/helpers/ingest-fixtures";
import { shopifyWebhookHeaders } from "../../test/helpers/shopify-signer";
import type { LoadRequest, RequestFactoryModule } from "./load";

export interface OrdersPaidParams {
  shop: string;
  secret: string;
  /** Keeps event ids (and order ids) unique across runs against the same server. */
  runId: number;
  /** The partner key in the order's note attributes (the storefront pixel's `_affiliate_ref`). */
  ref?: string;
  /** Body size in bytes (default 11,980, 11.7 KB): a sixth line item and a gift note pad Shopify's sample. */
  bytes?: number;
}

const ORDER = "\u0001order";
const CUSTOMER = "4242424242";
const EMAIL = "buyer\u0002@example.com";

const fill = (body: string, unique: number) => body.replaceAll(ORDER, orderId(unique)).replaceAll(EMAIL, `buyer${unique}@example.com`);

/** Shopify's orders/paid sample, grown to `bytes` with a real-looking extra line item and note, with tokens to fill per order. */
function template(params: OrdersPaidParams): string {
  const fixture = JSON.parse(readFileSync(new URL("../../../shared/fixtures/shopify/orders_paid.json", import.meta.url), "utf8"));
  const line = fixture.line_items[0];
  const extraLine = JSON.stringify({ ...line, id: 487817672276298900, admin_graphql_api_id: "gid://shopify/LineItem/487817672276298999", name: "Polarized clip-on lenses", title: "Polarized clip-on lenses", sku: "SKU2006-077", grams: 40 });
  let body = shopifyOrderBody(0, { ref: params.ref, customer: Number(CUSTOMER) - 7000, email: "buyer0@example.com" })
    .replaceAll(orderId(0), ORDER)
    .replaceAll("buyer0@example.com", EMAIL)
    .replace('"line_items":[', `"line_items":[${extraLine},`);
  const target = params.bytes ?? 11_980;
  const sentence = "Please gift wrap the sunglasses and leave the parcel with the concierge at the front desk. ";
  const room = target - Buffer.byteLength(fill(body, params.runId * 10_000_000)) - Buffer.byteLength('"note":""') + Buffer.byteLength("\"note\":null");
  if (room > 0) body = body.replace('"note":null', `"note":${JSON.stringify(sentence.repeat(Math.ceil(room / sentence.length)).slice(0, room))}`);
  return body;
}

/** Signed orders/paid deliveries, each with its own order id, buyer, X-Shopify-Event-Id and HMAC. */
const ordersPaidRequests: RequestFactoryModule = (raw) => {
  const params = raw as OrdersPaidParams;
  const body = template(params);
  return (n: number): LoadRequest => {
    const unique = params.runId * 10_000_000 + n;
    const filled = fill(body, unique);
    return {
      method: "POST",
      path: "/webhooks/orders/paid",
      headers: shopifyWebhookHeaders({ topic: "orders/paid", shop: params.shop, body: filled, secret: params.secret, eventId: `bench-${params.runId}-${n}` }),
      body: filled,
    };
  };
};

export default ordersPaidRequests;
