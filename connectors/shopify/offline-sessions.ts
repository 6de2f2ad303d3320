import { Session } from "@shopify/shopify-api";
import type { SessionStorage } from "@shopify/shopify-app-session-storage";
import { DrizzleSessionStoragePostgres } from "@shopify/shopify-app-session-storage-drizzle";
import { sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import { shopifySessions } from "../../db/schema/index";
import type { SecretBox } from "../../domain/access/secret-box";
import { EncryptedSessionStorage } from "./encrypted-session-storage";

/** Refreshed this long before it expires, as the Shopify library does. */
export const REFRESH_WITHIN_MS = 5 * 60 * 1000;

export const offlineSessionId = (shop: string): string => `offline_${shop}`;

export type RefreshOfflineToken = (shop: string, refreshToken: string) => Promise<Session>;

export interface OfflineSessionDependencies {
  db: () => Database;
  box: () => SecretBox;
  /** Trades a refresh token (single-use) for a new access and refresh token: the Shopify library's auth.refreshToken. */
  refresh: RefreshOfflineToken;
}

const encryptedStorage = (db: Database, box: () => SecretBox): SessionStorage =>
  new EncryptedSessionStorage(() => new DrizzleSessionStoragePostgres(db, shopifySessions), box);

const expiresSoon = (session: Session): boolean => Boolean(session.refreshToken && session.expires && session.isExpired(REFRESH_WITHIN_MS));

/**
 * Replaces the shop's offline token, unless someone already did. A refresh token works once, so every process
 * serialises on a per-shop advisory lock and, holding it, re-reads the stored session: when its access token is no
 * longer the one the caller found stale, another request or job has refreshed it and that session is the answer.
 */
export async function refreshOfflineSession(deps: OfflineSessionDependencies, shop: string, staleAccessToken: string | undefined): Promise<Session | undefined> {
  return deps.db().transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`shopify-offline-token:${shop}`}, 0))`);
    const storage = encryptedStorage(tx as unknown as Database, deps.box);
    const current = await storage.loadSession(offlineSessionId(shop));
    if (!current?.refreshToken || current.accessToken !== staleAccessToken) return current;
    const fresh = await deps.refresh(shop, current.refreshToken);
    await storage.storeSession(new Session({ ...fresh.toObject(), id: offlineSessionId(shop), shop, isOnline: false }));
    return storage.loadSession(offlineSessionId(shop));
  });
}

/**
 * The session storage of the app (tokens encrypted at rest) that never hands out an offline token about to expire:
 * loading one refreshes it first, once per shop however many requests and jobs load it at the same moment. The
 * Shopify library's own refresh (webhooks, app proxy) then finds the token current and never spends the refresh
 * token a second time.
 */
export class RefreshingSessionStorage implements SessionStorage {
  constructor(private readonly deps: OfflineSessionDependencies) {}

  private get inner(): SessionStorage {
    return encryptedStorage(this.deps.db(), this.deps.box);
  }

  storeSession(session: Session): Promise<boolean> {
    return this.inner.storeSession(session);
  }

  async loadSession(id: string): Promise<Session | undefined> {
    const session = await this.inner.loadSession(id);
    if (!session || session.isOnline || !expiresSoon(session)) return session;
    return refreshOfflineSession(this.deps, session.shop, session.accessToken);
  }

  deleteSession(id: string): Promise<boolean> {
    return this.inner.deleteSession(id);
  }

  deleteSessions(ids: string[]): Promise<boolean> {
    return this.inner.deleteSessions(ids);
  }

  findSessionsByShop(shop: string): Promise<Session[]> {
    return this.inner.findSessionsByShop(shop);
  }
}
