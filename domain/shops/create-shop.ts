import { eq } from "drizzle-orm";
import type { Database } from "../../db/client";
import { shops } from "../../db/schema/index";
import { conflict, invalid, isUniqueViolation } from "../shared/errors";
import { SHOP_DOMAIN_PATTERN } from "../shared/normalize";
import type { Shop } from "../../db/schema/rows";

export async function createShop(db: Database, input: { domain: string; name?: string; currency?: string }): Promise<Shop> {
  const domain = input.domain.trim().toLowerCase();
  if (!SHOP_DOMAIN_PATTERN.test(domain)) throw invalid("domain must look like your-store.myshopify.com", "domain");
  const currency = (input.currency ?? "USD").toUpperCase();
  if (!/^[A-Z]{3}$/.test(currency)) throw invalid("currency must be an ISO 4217 code such as USD", "currency");
  try {
    const [shop] = await db.insert(shops).values({ domain, name: input.name ?? null, currency }).returning();
    return shop!;
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict(`shop ${domain} already exists`, "domain");
    throw error;
  }
}

/** Shopify install: create the shop, or mark a returning one installed again. */
export async function upsertInstalledShop(db: Database, domain: string): Promise<Shop> {
  const [shop] = await db
    .insert(shops)
    .values({ domain })
    .onConflictDoUpdate({ target: shops.domain, set: { uninstalledAt: null } })
    .returning();
  return shop!;
}

export async function findShopByDomain(db: Database, domain: string): Promise<Shop | undefined> {
  const [shop] = await db.select().from(shops).where(eq(shops.domain, domain.trim().toLowerCase())).limit(1);
  return shop;
}
