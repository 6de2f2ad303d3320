import { randomBytes } from "node:crypto";
import { Session } from "@shopify/shopify-app-remix/server";
import { DrizzleSessionStoragePostgres } from "@shopify/shopify-app-session-storage-drizzle";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EncryptedSessionStorage } from "../../connectors/shopify/encrypted-session-storage";
import { runCliCommand } from "../../cli/run";
import { providerConnections, shopifySessions } from "../../db/schema/index";
import { createProviderConnection } from "../../domain/access/create-provider-connection";
import { SecretBox } from "../../domain/access/secret-box";
import { createShop } from "../../domain/shops/create-shop";
import { currentSecretBoxOrThrow } from "../../runtime/current-secret-box";
import type { RunningApp } from "../../runtime/start";
import { startTestApp, testConfig } from "../helpers/app-server";
import { databaseKinds, targetFor } from "../helpers/databases";
import { signStripePayload, stripeEvent } from "../helpers/stripe-signer";

const keyA = randomBytes(32).toString("base64");
const keyB = randomBytes(32).toString("base64");
const STRIPE_SECRET = "whsec_plaintext_never_stored";
const ACCESS_TOKEN = "shpat_0123456789abcdef0123456789abcdef";

describe.each(databaseKinds)("secrets encrypted at rest on %s", (kind) => {
  let app: RunningApp;
  let drop: () => Promise<void>;
  let shopId: string;
  let connectionId: string;
  let legacyConnectionId: string;
  const sessions = () => new EncryptedSessionStorage(() => new DrizzleSessionStoragePostgres(app.database.db, shopifySessions), currentSecretBoxOrThrow);
  const rawSecret = async (id: string) =>
    (await app.database.db.select({ secret: providerConnections.secret }).from(providerConnections).where(eq(providerConnections.id, id)))[0]!.secret;
  const rawSession = async (id: string) => (await app.database.db.select().from(shopifySessions).where(eq(shopifySessions.id, id)))[0]!;
  const postStripe = (id: string, secret: string) => {
    const body = JSON.stringify(stripeEvent("customer.created", { id: `cus_${randomBytes(4).toString("hex")}`, object: "customer", email: "x@example.com", metadata: {} }));
    return fetch(`${app.url}/webhooks/billing/stripe/${id}`, {
      method: "POST",
      headers: { "content-type": "application/json", "stripe-signature": signStripePayload(body, secret) },
      body,
    });
  };
  const cli = (args: string[], env: Record<string, string>) =>
    runCliCommand(args, { db: app.database.db, config: testConfig({ database: app.database.target, env }) });

  beforeAll(async () => {
    const target = await targetFor(kind);
    drop = target.drop;
    app = await startTestApp({ database: target.target, env: { ENCRYPTION_KEY: keyA } });
    shopId = (await createShop(app.database.db, { domain: "vault.myshopify.com" })).id;
    connectionId = (await createProviderConnection(app.database.db, currentSecretBoxOrThrow(), { shopId, provider: "stripe", secret: STRIPE_SECRET })).id;
    // A connection stored before encryption existed: plain text, no prefix.
    const [legacy] = await app.database.db
      .insert(providerConnections)
      .values({ shopId, provider: "stripe", secret: "whsec_legacy_plain_secret" })
      .returning({ id: providerConnections.id });
    legacyConnectionId = legacy!.id;
  });
  afterAll(async () => {
    await app?.close();
    await drop?.();
  });

  it("stores a connection's signing secret encrypted, and the webhook route still verifies Stripe signatures with it", async () => {
    const raw = await rawSecret(connectionId);
    expect(raw).toMatch(/^enc:v1:[0-9a-f]{8}:/);
    expect(raw).not.toContain(STRIPE_SECRET);
    expect(raw).not.toContain(Buffer.from(STRIPE_SECRET).toString("base64"));
    expect((await postStripe(connectionId, STRIPE_SECRET)).status).toBe(200);
    expect((await postStripe(connectionId, "whsec_wrong")).status).toBe(401);
  });

  it("keeps accepting a secret stored in plain text before this change", async () => {
    expect((await postStripe(legacyConnectionId, "whsec_legacy_plain_secret")).status).toBe(200);
  });

  it("stores Shopify access tokens encrypted and loads them decrypted", async () => {
    const session = new Session({ id: "offline_vault.myshopify.com", shop: "vault.myshopify.com", state: "s", isOnline: false, accessToken: ACCESS_TOKEN, scope: "read_orders" });
    await sessions().storeSession(session);
    const row = await rawSession(session.id);
    expect(row.accessToken).toMatch(/^enc:v1:/);
    expect(row.accessToken).not.toContain(ACCESS_TOKEN);
    expect((await sessions().loadSession(session.id))?.accessToken).toBe(ACCESS_TOKEN);
    expect((await sessions().findSessionsByShop("vault.myshopify.com")).map((s) => s.accessToken)).toEqual([ACCESS_TOKEN]);
    // A session stored in plain text before this change still loads.
    await app.database.db.insert(shopifySessions).values({ id: "offline_old.myshopify.com", shop: "old.myshopify.com", state: "s", accessToken: "shpat_legacy_plain" });
    expect((await sessions().loadSession("offline_old.myshopify.com"))?.accessToken).toBe("shpat_legacy_plain");
  });

  it("fails clearly when the key is wrong: secrets rotate names ENCRYPTION_KEY_PREVIOUS and changes nothing", async () => {
    const before = await rawSecret(connectionId);
    const result = await cli(["secrets", "rotate"], { ENCRYPTION_KEY: keyB });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toHaveLength(1);
    expect(result.stderr[0]).toMatch(/^error: a stored secret was encrypted with key [0-9a-f]{8}, which is neither ENCRYPTION_KEY \([0-9a-f]{8}\) nor ENCRYPTION_KEY_PREVIOUS/);
    expect(await rawSecret(connectionId)).toBe(before);
  });

  it("rotates every secret and token to the new key with the old one as ENCRYPTION_KEY_PREVIOUS, plain-text ones included", async () => {
    const result = await cli(["secrets", "rotate"], { ENCRYPTION_KEY: keyB, ENCRYPTION_KEY_PREVIOUS: keyA });
    expect(result).toEqual({ exitCode: 0, stdout: [JSON.stringify({ provider_connections: 2, shopify_sessions: 2, webhook_endpoints: 0, already_current: 0 })], stderr: [] });
    const onlyB = new SecretBox(Buffer.from(keyB, "base64"));
    expect(onlyB.open(await rawSecret(connectionId))).toBe(STRIPE_SECRET);
    expect(onlyB.open(await rawSecret(legacyConnectionId))).toBe("whsec_legacy_plain_secret");
    const legacySession = await rawSession("offline_old.myshopify.com");
    expect(legacySession.accessToken).toMatch(new RegExp(`^enc:v1:${onlyB.keyId}:`));
    expect(onlyB.open(legacySession.accessToken)).toBe("shpat_legacy_plain");
    expect(onlyB.open((await rawSession("offline_vault.myshopify.com")).accessToken)).toBe(ACCESS_TOKEN);
    // The old key alone can no longer read them; running rotate again changes nothing.
    expect(() => new SecretBox(Buffer.from(keyA, "base64")).open(legacySession.accessToken)).toThrow(/ENCRYPTION_KEY_PREVIOUS/);
    const again = await cli(["secrets", "rotate"], { ENCRYPTION_KEY: keyB });
    expect(again.stdout).toEqual([JSON.stringify({ provider_connections: 0, shopify_sessions: 0, webhook_endpoints: 0, already_current: 4 })]);
  });
});
