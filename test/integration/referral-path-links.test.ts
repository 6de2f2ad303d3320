import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { shops } from "../../db/schema/index";
import { referralLinkUrls } from "../../domain/links/referral-link-urls";
import { loadConfig } from "../../runtime/config";
import type { RunningApp } from "../../runtime/start";
import { signedProxyUrl } from "../helpers/app-proxy-signer";
import { databaseKinds } from "../helpers/databases";
import { startAppWithShop } from "../helpers/proxy-app";

const SHOP = "path-links.myshopify.com";

describe.each(databaseKinds)("/apps/partners/r/KEY through the app proxy (%s)", (kind) => {
  let app: RunningApp;
  let fixture: Awaited<ReturnType<typeof startAppWithShop>>;
  const secret = loadConfig().shopify.apiSecret;
  /** What Shopify forwards for a visitor opening https://STORE/apps/partners<path>?<query>. */
  const open = (path: string, query: Record<string, string> = {}) => fetch(signedProxyUrl(app.url, path, { shop: SHOP, secret, query }), { redirect: "manual" });

  beforeAll(async () => {
    fixture = await startAppWithShop(kind, SHOP);
    app = fixture.app;
  });
  afterAll(async () => {
    await fixture?.close();
  });

  it("the path-form link a partner is shown answers 302 to the store with ?ref=KEY, the visitor's other parameters kept", async () => {
    const [shop] = await app.database.db.select().from(shops).where(eq(shops.id, fixture.shop.id));
    const urls = referralLinkUrls(shop!, fixture.program, "AVA");
    expect(urls).toEqual([`https://${SHOP}/?ref=AVA`, `https://${SHOP}/?via=AVA`, `https://${SHOP}/?aff=AVA`, `https://${SHOP}/apps/partners/r/AVA`]);
    const path = new URL(urls.at(-1)!).pathname.slice("/apps/partners".length);
    const response = await open(path, { utm_source: "newsletter", utm_campaign: "spring" });
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get("location")!);
    expect(location.origin).toBe(`https://${SHOP}`);
    expect(Object.fromEntries(location.searchParams)).toEqual({ utm_source: "newsletter", utm_campaign: "spring", ref: "AVA" });
  });

  it("links and the redirect use the shop's primary domain once it is known", async () => {
    await app.database.db.update(shops).set({ primaryDomainHost: "path-links.example" }).where(eq(shops.id, fixture.shop.id));
    const [shop] = await app.database.db.select().from(shops).where(eq(shops.id, fixture.shop.id));
    expect(referralLinkUrls(shop!, fixture.program, "AVA").at(-1)).toBe("https://path-links.example/apps/partners/r/AVA");
    const response = await open("/r/AVA");
    expect(response.headers.get("location")).toBe("https://path-links.example/?ref=AVA");
  });

  it("refuses an unsigned request", async () => {
    const response = await fetch(`${app.url}/proxy/r/AVA?shop=${SHOP}`, { redirect: "manual" });
    expect(response.status).toBe(401);
  });
});
