import { GraphqlQueryError, HttpResponseError, HttpThrottlingError, type Session, type Shopify } from "@shopify/shopify-api";
import type { SessionStorage } from "@shopify/shopify-app-session-storage";
import type { Database } from "../../db/client";
import type { SecretBox } from "../../domain/access/secret-box";
import { offlineSessionId, RefreshingSessionStorage, refreshOfflineSession, type OfflineSessionDependencies } from "./offline-sessions";
import { shopifyLibrary, type ShopifyAppCredentials } from "./shopify-api";

/** One Admin GraphQL request of one shop: the shape every Shopify call of the app is written against. */
export type AdminRequest = <T>(query: string, variables?: Record<string, unknown>) => Promise<T>;

/** The Admin API of the shops that installed the app: web routes and workers both call Shopify through it. */
export interface ShopifyAdmin {
  /**
   * The shop's Admin GraphQL request function, over its offline session as loaded now (refreshed first when it is
   * about to expire). Load it before a database transaction that makes the calls: PGlite runs one at a time.
   * Throws ShopNotInstalledError when the shop has no offline session.
   */
  forShop(shop: string): Promise<AdminRequest>;
}

export class ShopNotInstalledError extends Error {
  override name = "ShopNotInstalledError";
  constructor(shop: string) {
    super(`${shop} has no offline Admin API session: the app must be installed (open it from the Shopify admin)`);
  }
}

export interface ShopifyAdminOptions extends OfflineSessionDependencies {
  library: Shopify;
  /** Reads sessions through the refreshing, encrypted storage (RefreshingSessionStorage). */
  sessions: SessionStorage;
  /** Throttled calls are retried this many times before the error reaches the job, which retries in its turn. */
  throttleRetries?: number;
  /** First wait after a throttled call; doubled each time (Shopify's leaky bucket refills at a fixed rate). */
  throttleBaseDelayMs?: number;
}

const isThrottled = (error: unknown): boolean =>
  error instanceof HttpThrottlingError ||
  (error instanceof HttpResponseError && error.response.code === 429) ||
  (error instanceof GraphqlQueryError && JSON.stringify(error.body ?? {}).includes('"THROTTLED"'));

const isUnauthorized = (error: unknown): boolean => error instanceof HttpResponseError && error.response.code === 401;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The one Admin API client: the Shopify library's GraphQL client over the stored, decrypted offline session.
 * A token about to expire is refreshed before the call (by the storage); a 401 refreshes once and repeats the call;
 * throttling (HTTP 429, GraphQL THROTTLED) waits and repeats.
 */
export function createShopifyAdmin(options: ShopifyAdminOptions): ShopifyAdmin {
  const retries = options.throttleRetries ?? 4;
  const baseDelay = options.throttleBaseDelayMs ?? 1_000;

  async function session(shop: string): Promise<Session> {
    const found = await options.sessions.loadSession(offlineSessionId(shop));
    if (!found?.accessToken) throw new ShopNotInstalledError(shop);
    return found;
  }

  async function send<T>(current: Session, query: string, variables: Record<string, unknown> | undefined): Promise<T> {
    const client = new options.library.clients.Graphql({ session: current });
    const response = await client.request<T>(query, { variables });
    if (!response.data) throw new Error(`Shopify Admin API answered no data for ${current.shop}`);
    return response.data as T;
  }

  return {
    async forShop(shop) {
      let current = await session(shop);
      return async function request<T>(query: string, variables?: Record<string, unknown>): Promise<T> {
        let refreshed = false;
        for (let attempt = 0; ; attempt++) {
          try {
            return await send<T>(current, query, variables);
          } catch (error) {
            if (isUnauthorized(error) && !refreshed && current.refreshToken) {
              refreshed = true;
              current = (await refreshOfflineSession(options, shop, current.accessToken)) ?? (await session(shop));
              continue;
            }
            if (isThrottled(error) && attempt < retries) {
              await sleep(baseDelay * 2 ** attempt);
              continue;
            }
            throw error;
          }
        }
      };
    },
  };
}

/** The app's session storage and Admin API client, built once per process from its credentials, database and key. */
export function shopifyAdminOfApp(credentials: ShopifyAppCredentials, db: () => Database, box: () => SecretBox) {
  const library = shopifyLibrary(credentials);
  const deps: OfflineSessionDependencies = { db, box, refresh: async (shop, refreshToken) => (await library.auth.refreshToken({ shop, refreshToken })).session };
  const sessions = new RefreshingSessionStorage(deps);
  return { sessions, admin: createShopifyAdmin({ ...deps, library, sessions }) };
}
