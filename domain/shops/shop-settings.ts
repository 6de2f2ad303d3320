import { z } from "zod";

/** What the app keeps of the shop's own settings (Shopify's Shop object), read at install and on shop/update. */
export const shopSettingsSchema = z.object({
  name: z.string().min(1).max(255),
  currency: z.string().regex(/^[A-Z]{3}$/),
  /** null (Shopify's samples send it): the stored zone stays. */
  timezone: z.string().min(1).max(100).nullable(),
  locale: z.string().min(1).max(20).nullable(),
  contactEmail: z.string().max(320).nullable(),
  primaryDomainUrl: z.string().max(2048).nullable(),
  primaryDomainHost: z.string().max(255).nullable(),
});
export type ShopSettings = z.infer<typeof shopSettingsSchema>;

/** A zone Intl does not know would break every period boundary: such a value falls back to UTC. */
export function knownTimeZone(zone: string): string {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return zone;
  } catch {
    return "UTC";
  }
}
