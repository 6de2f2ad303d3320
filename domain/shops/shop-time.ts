import { TZDate } from "@date-fns/tz";
import { addDays, startOfDay, startOfMonth } from "date-fns";

/** Calendar boundaries in the shop's own time zone (an IANA name, as Shopify's `ianaTimezone`), as instants. */
export const startOfShopDay = (at: Date, timeZone: string): Date => new Date(startOfDay(new TZDate(at.getTime(), timeZone)).getTime());

export const startOfShopMonth = (at: Date, timeZone: string): Date => new Date(startOfMonth(new TZDate(at.getTime(), timeZone)).getTime());

/** `days` calendar days later in the shop's time zone (23 or 25 hours across a daylight-saving change). */
export const addShopDays = (at: Date, days: number, timeZone: string): Date => new Date(addDays(new TZDate(at.getTime(), timeZone), days).getTime());

/** The shop's calendar date of an instant, YYYY-MM-DD. */
export const shopDate = (at: Date, timeZone: string): string => new TZDate(at.getTime(), timeZone).toISOString().slice(0, 10);
