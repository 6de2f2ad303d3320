import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { TrackingSettings } from "../../domain/programs/tracking-settings";

const ASSETS = new URL("../../extensions/affiliate-hub/assets/", import.meta.url);
export const TRACKING_SCRIPT_PATH = new URL("affiliate-tracking.js", ASSETS);

export interface StorefrontSettings {
  params: string;
  pathPrefix: string;
  cookieDays: number;
  attribution: "first_click" | "last_click";
  /** What window.Shopify.customerPrivacy.marketingAllowed() answers. */
  marketingAllowed: boolean;
  /** Theme markup in the page body (an app block's rendered HTML). */
  body: string;
  /** The app's tracking metafield as the embed renders it (`| json | escape` into data-config); null when absent. */
  config: TrackingSettings | null;
}

const escapeHtml = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");

export interface RecordedRequest {
  path: string;
  body: Record<string, unknown>;
  headers: IncomingMessage["headers"];
}

const readBody = (request: IncomingMessage) =>
  new Promise<string>((resolve) => {
    let text = "";
    request.on("data", (chunk) => (text += chunk));
    request.on("end", () => resolve(text));
  });

/**
 * A stand-in storefront: theme pages with the app embed's script tag and a stubbed Customer Privacy API,
 * the Ajax Cart API's /cart/update.js, and /apps/partners/* answered by `proxy` (Shopify's app proxy).
 */
export async function startStorefront(proxy: (path: string, body: string, request: IncomingMessage) => Promise<{ status: number; body: string }>) {
  const defaults: StorefrontSettings = { params: "ref,via", pathPrefix: "/r", cookieDays: 30, attribution: "last_click", marketingAllowed: true, body: "", config: null };
  const settings: StorefrontSettings = { ...defaults };
  const cartUpdates: RecordedRequest[] = [];
  const beacons: RecordedRequest[] = [];
  const page = () => `<!doctype html><html><head><title>Store</title>
<script>
  window.Shopify = { loadFeatures: function (features, done) {
    window.Shopify.customerPrivacy = { marketingAllowed: function () { return ${settings.marketingAllowed}; } };
    setTimeout(function () { done(false); }, 10);
  } };
</script>
<script src="/assets/affiliate-tracking.js" defer data-affiliate-hub data-params="${settings.params}" data-path-prefix="${settings.pathPrefix}"
  data-cookie-days="${settings.cookieDays}" data-attribution="${settings.attribution}" data-proxy="/apps/partners"${settings.config ? ` data-config="${escapeHtml(JSON.stringify(settings.config))}"` : ""}></script>
</head><body><h1>Store</h1>${settings.body}</body></html>`;

  const server: Server = createServer(async (request, response) => {
    const url = new URL(request.url ?? "/", "http://storefront");
    const text = await readBody(request);
    if (/^\/assets\/[a-z-]+\.js$/.test(url.pathname)) {
      response.writeHead(200, { "content-type": "application/javascript" }).end(readFileSync(new URL(url.pathname.slice("/assets/".length), ASSETS)));
    } else if (url.pathname === "/cart/update.js" && request.method === "POST") {
      cartUpdates.push({ path: url.pathname, body: JSON.parse(text), headers: request.headers });
      response.writeHead(200, { "content-type": "application/json" }).end("{}");
    } else if (url.pathname.startsWith("/apps/partners/")) {
      if (url.pathname === "/apps/partners/track") beacons.push({ path: url.pathname, body: JSON.parse(text), headers: request.headers });
      const answer = await proxy(url.pathname.slice("/apps/partners".length), text, request);
      response.writeHead(answer.status, { "content-type": "application/json" }).end(answer.body);
    } else if (url.pathname === "/favicon.ico") {
      response.writeHead(404).end();
    } else {
      response.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(page());
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    settings,
    cartUpdates,
    beacons,
    reset(next: Partial<StorefrontSettings> = {}) {
      Object.assign(settings, defaults, next);
      cartUpdates.length = 0;
      beacons.length = 0;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
