/** Emails compare trimmed and case-insensitively. */
export const normalizeEmail = (email: string): string => email.trim().toLowerCase();

/** Coupon codes compare trimmed and case-insensitively, as Shopify and Stripe treat them at checkout. */
export const normalizeCode = (code: string): string => code.trim().toUpperCase();

export const SHOP_DOMAIN_PATTERN = /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/;
export const REFERRAL_KEY_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{1,63}$/;
/** What the app accepts as an email address: something@domain.tld, no spaces. */
export const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
