const routeNonce = Array.from(globalThis.crypto.getRandomValues(new Uint8Array(12)), (b) => b.toString(16).padStart(2, "0")).join("");

/** liquidPage turns these markers into Liquid; nothing else produces them. */
export const routeMarker = new RegExp(`liquid-route-${routeNonce}-(account_login_url|account_register_url)`, "g");

/**
 * A Liquid `routes` URL in the app's own views (the customer-account sign-in and sign-up pages, which work with new and
 * legacy customer accounts alike). The marker carries a per-process nonce, so text a partner typed can never become one.
 */
export const liquidRoute = (name: "account_login_url" | "account_register_url") => `liquid-route-${routeNonce}-${name}`;
