import { and, eq, isNull } from "drizzle-orm";
import type { Database } from "../../db/client";
import { programs } from "../../db/schema/index";
import { storefrontHost } from "./referral-link-urls";
import type { Shop } from "../../db/schema/rows";

// Parameters Shopify adds to a proxied request: the storefront never saw them, so the redirect drops them.
const PROXY_PARAMS = new Set(["shop", "logged_in_customer_id", "path_prefix", "timestamp", "signature"]);

/**
 * Where /apps/partners/<prefix>/KEY sends the visitor: the store's home page with the key in a query parameter the
 * shop's programs recognise (`ref` when one does), the visitor's other parameters kept. undefined when no active
 * program of the shop uses that path prefix.
 */
export async function referralRedirectUrl(db: Database, shop: Pick<Shop, "id" | "domain" | "primaryDomainHost">, prefix: string, key: string, query: URLSearchParams): Promise<string | undefined> {
  const rows = await db
    .select({ linkParams: programs.linkParams })
    .from(programs)
    .where(and(eq(programs.shopId, shop.id), eq(programs.linkPathPrefix, prefix), isNull(programs.archivedAt)));
  if (!rows.length) return undefined;
  const params = rows.flatMap((r) => r.linkParams);
  const param = params.includes("ref") ? "ref" : params[0] ?? "ref";
  const target = new URL(`https://${storefrontHost(shop)}/`);
  for (const [name, value] of query) if (!PROXY_PARAMS.has(name) && name !== param) target.searchParams.append(name, value);
  target.searchParams.set(param, key);
  return target.toString();
}
