import type { AppConfig } from "../../runtime/config";

/**
 * Demo mode lets a merchant click through the admin on localhost without a Shopify store: only in local mode (no
 * Shopify credentials) and never with NODE_ENV=production. (config.nodeEnv is read at run time; a literal
 * process.env.NODE_ENV here would be replaced by "production" when Remix builds.)
 */
export const isDemoMode = (config: Pick<AppConfig, "localMode" | "nodeEnv">): boolean => config.localMode && config.nodeEnv !== "production";
