import { Session } from "@shopify/shopify-app-remix/server";
import type { SessionStorage } from "@shopify/shopify-app-session-storage";
import type { SecretBox } from "../../domain/access/secret-box";

/**
 * Wraps the Drizzle session storage: access and refresh tokens are encrypted on store and decrypted on load.
 * Both are resolved on each call, so the storage follows the database and key the running app has open.
 */
export class EncryptedSessionStorage implements SessionStorage {
  constructor(
    private readonly storage: () => SessionStorage,
    private readonly box: () => SecretBox,
  ) {}

  private get inner(): SessionStorage {
    return this.storage();
  }

  private convert(session: Session, transform: (value: string) => string): Session {
    const params = session.toObject();
    return new Session({
      ...params,
      accessToken: params.accessToken ? transform(params.accessToken) : params.accessToken,
      refreshToken: params.refreshToken ? transform(params.refreshToken) : params.refreshToken,
    });
  }

  storeSession(session: Session): Promise<boolean> {
    return this.inner.storeSession(this.convert(session, (v) => this.box().seal(v)));
  }

  async loadSession(id: string): Promise<Session | undefined> {
    const session = await this.inner.loadSession(id);
    return session && this.convert(session, (v) => this.box().open(v));
  }

  deleteSession(id: string): Promise<boolean> {
    return this.inner.deleteSession(id);
  }

  deleteSessions(ids: string[]): Promise<boolean> {
    return this.inner.deleteSessions(ids);
  }

  async findSessionsByShop(shop: string): Promise<Session[]> {
    return (await this.inner.findSessionsByShop(shop)).map((s) => this.convert(s, (v) => this.box().open(v)));
  }
}
