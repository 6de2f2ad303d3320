import { createHmac, randomUUID } from "node:crypto";

const base64url = (value: string | Buffer) => Buffer.from(value).toString("base64url");

/**
 * An App Bridge session token as Shopify's admin issues it (shopify.dev, "Session tokens"): an HS256 JWT signed
 * with the app's client secret, iss https://SHOP/admin, dest https://SHOP, aud the client id.
 */
export function shopifySessionToken(input: { shop: string; apiKey: string; apiSecret: string; userId?: string; lifetimeSeconds?: number }): string {
  const now = Math.floor(Date.now() / 1000);
  const header = base64url(JSON.stringify({ alg: "HS256", typ: "JWT" }));
  const payload = base64url(
    JSON.stringify({
      iss: `https://${input.shop}/admin`,
      dest: `https://${input.shop}`,
      aud: input.apiKey,
      sub: input.userId ?? "42",
      exp: now + (input.lifetimeSeconds ?? 60),
      nbf: now - 5,
      iat: now - 5,
      jti: randomUUID(),
      sid: randomUUID(),
    }),
  );
  const signature = createHmac("sha256", input.apiSecret).update(`${header}.${payload}`).digest("base64url");
  return `${header}.${payload}.${signature}`;
}

/** The document URL Shopify's admin loads in the app's iframe: embedded=1, shop, host and the session token as id_token. */
export function embeddedAppUrl(appUrl: string, path: string, shop: string, idToken: string): string {
  const host = Buffer.from(`admin.shopify.com/store/${shop.replace(".myshopify.com", "")}`).toString("base64url");
  return `${appUrl}${path}?${new URLSearchParams({ embedded: "1", shop, host, id_token: idToken })}`;
}
