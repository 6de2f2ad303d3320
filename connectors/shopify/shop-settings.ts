import { z } from "zod";
import type { AdminRequest } from "./admin-client";
import { shopSettingsSchema, type ShopSettings } from "../../domain/shops/shop-settings";


export const SHOP_SETTINGS_QUERY = `query ShopSettings {
  shop { currencyCode ianaTimezone name contactEmail primaryDomain { url host } }
  shopLocales(published: true) { locale primary }
}`;

const responseSchema = z.object({
  shop: z.object({
    currencyCode: z.string(),
    ianaTimezone: z.string(),
    name: z.string(),
    contactEmail: z.string().nullable().optional(),
    primaryDomain: z.object({ url: z.string(), host: z.string() }).nullable().optional(),
  }),
  shopLocales: z.array(z.object({ locale: z.string(), primary: z.boolean() })),
});

/** The shop's currency, time zone, name, contact email, primary domain and primary locale, from the Admin GraphQL API. */
export async function fetchShopSettings(request: AdminRequest): Promise<ShopSettings> {
  const data = responseSchema.parse(await request<unknown>(SHOP_SETTINGS_QUERY, {}));
  return shopSettingsSchema.parse({
    name: data.shop.name,
    currency: data.shop.currencyCode.toUpperCase(),
    timezone: data.shop.ianaTimezone,
    locale: data.shopLocales.find((l) => l.primary)?.locale ?? null,
    contactEmail: data.shop.contactEmail ?? null,
    primaryDomainUrl: data.shop.primaryDomain?.url ?? null,
    primaryDomainHost: data.shop.primaryDomain?.host ?? null,
  });
}
