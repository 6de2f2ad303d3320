/** Banners stay small: the portal and partners' sites load them through the storefront's app proxy. */
export const MAX_CREATIVE_BYTES = 750 * 1024;
export const CREATIVE_TYPES = "PNG, JPEG, GIF or WebP";
