import { createHash, createHmac } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { clicks } from "../../db/schema/index";
import { loadConfig } from "../../runtime/config";
import { clickFingerprintKey } from "../../runtime/current-secret-box";
import type { RunningApp } from "../../runtime/start";
import { signedProxyUrl } from "../helpers/app-proxy-signer";
import { databaseKinds } from "../helpers/databases";
import { startAppWithShop } from "../helpers/proxy-app";

const SHOP = "tracking.myshopify.com";
const BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36";
const sha256 = (value: string) => createHash("sha256").update(value).digest("hex");

describe.each(databaseKinds)("click beacon through the app proxy, on %s", (kind) => {
  let app: RunningApp;
  let fixture: Awaited<ReturnType<typeof startAppWithShop>>;
  let shopId: string;
  const secret = loadConfig().shopify.apiSecret;
  let ipCounter = 0;
  let ip: string;

  const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", "user-agent": BROWSER, "x-forwarded-for": `${ip}, 10.0.0.1`, ...headers },
      body: JSON.stringify(body),
    });
  const click = { referral_key: "ava", url: "https://tracking.myshopify.com/products/x?ref=ava", visitor_id: "visitor-1" };
  const signed = (options: { secret?: string; timestamp?: number } = {}) => signedProxyUrl(app.url, "/track", { shop: SHOP, secret, ...options });
  const storedClicks = () => app.database.db.select().from(clicks).where(eq(clicks.shopId, shopId));

  beforeAll(async () => {
    fixture = await startAppWithShop(kind, SHOP);
    app = fixture.app;
    shopId = fixture.shop.id;
  });
  beforeEach(async () => {
    ip = `203.0.113.${++ipCounter}`;
    await app.database.db.delete(clicks);
  });
  afterAll(async () => {
    await fixture?.close();
  });

  it("records a signed click with the IP and user agent kept only as keyed fingerprints", async () => {
    const response = await post(signed(), click);
    expect(response.status).toBe(201);
    const body = await response.json();
    const [row] = await storedClicks();
    const fingerprint = (value: string) => createHmac("sha256", clickFingerprintKey()).update(`${shopId}\n${value}`).digest("hex");
    expect(body).toEqual({ recorded: true, click_id: row!.id, clicked_at: row!.clickedAt.toISOString() });
    expect(row).toMatchObject({ landingUrl: click.url, visitorId: "visitor-1", ipHash: fingerprint(ip), userAgentHash: fingerprint(BROWSER) });
    expect(JSON.stringify(row)).not.toContain(ip);
    expect(row!.ipHash).not.toBe(sha256(`${shopId}:${ip}`));
  });

  it("answers parallel clicks each with the id of its own stored row (clicks are written in shared batches)", async () => {
    const responses = await Promise.all(
      Array.from({ length: 40 }, (_, i) => post(signed(), { ...click, visitor_id: `parallel-${i}` }, { "x-forwarded-for": `192.0.2.${i + 1}` })),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(40).fill(201));
    const bodies = (await Promise.all(responses.map((r) => r.json()))) as Array<{ click_id: string; clicked_at: string }>;
    const rows = new Map((await storedClicks()).map((row) => [row.id, row]));
    expect(rows.size).toBe(40);
    bodies.forEach((body, i) => {
      expect(rows.get(body.click_id)).toMatchObject({ visitorId: `parallel-${i}`, clickedAt: new Date(body.clicked_at) });
    });
  });

  it("answers 401 to an unsigned, tampered, wrongly keyed or stale request and stores nothing", async () => {
    const unsigned = `${app.url}/proxy/track?shop=${SHOP}&path_prefix=%2Fapps%2Fpartners&timestamp=${Math.floor(Date.now() / 1000)}`;
    const tampered = signed().replace(`shop=${SHOP}`, "shop=other.myshopify.com");
    const wrongKey = signed({ secret: "not-the-app-secret" });
    const stale = signed({ timestamp: Math.floor(Date.now() / 1000) - 600 });
    for (const url of [unsigned, tampered, wrongKey, stale]) expect((await post(url, click)).status, url).toBe(401);
    expect(await storedClicks()).toEqual([]);
  });

  it("drops bots by user agent without storing them", async () => {
    for (const agent of ["Googlebot/2.1 (+http://www.google.com/bot.html)", "curl/8.5.0", ""]) {
      const response = await post(signed(), click, { "user-agent": agent });
      expect(response.status).toBe(202);
      expect(await response.json()).toEqual({ recorded: false, reason: "bot" });
    }
    expect(await storedClicks()).toEqual([]);
  });

  it("limits clicks per address and minute, other addresses unaffected", async () => {
    // The limiter counts in fixed one-minute windows: start well inside one.
    while (Date.now() % 60_000 > 50_000) await new Promise((r) => setTimeout(r, 500));
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) statuses.push((await post(signed(), click)).status);
    expect(statuses.slice(0, 20).every((s) => s === 201)).toBe(true);
    expect(statuses[20]).toBe(429);
    const before = (await storedClicks()).length;
    ip = "198.51.100.7";
    expect((await post(signed(), click)).status).toBe(201);
    expect((await storedClicks()).length).toBe(before + 1);
    expect(before).toBe(20);
  });

  it("names the field of a bad click and refuses an unknown key", async () => {
    const bad = await post(signed(), { ...click, url: "not a url" });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.field).toBe("url");
    const unknown = await post(signed(), { ...click, referral_key: "NOBODY" });
    expect(unknown.status).toBe(404);
    expect(await storedClicks()).toEqual([]);
  });
});
