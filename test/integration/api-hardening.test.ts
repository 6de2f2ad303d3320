import { createHash, createHmac } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cursorAt, pageOrder, pageWhere } from "../../app/api/pagination.server";
import { runCliCommand } from "../../cli/run";
import { rowsOf } from "../../db/rows";
import { apiKeys, clicks, partners, programs } from "../../db/schema/index";
import { createPartner } from "../../domain/partners/create-partner";
import { createProgram } from "../../domain/programs/create-program";
import { currentSecretBoxOrThrow } from "../../runtime/current-secret-box";
import type { RunningApp } from "../../runtime/start";
import { apiClient, shopWithKey, type Json } from "../helpers/api-client";
import { startTestApp, testConfig } from "../helpers/app-server";
import { databaseKinds, targetFor } from "../helpers/databases";
import { basicProgram } from "../helpers/domain-fixture";
import { waitFor } from "../helpers/wait-for";

describe.each(databaseKinds)("API hardening over HTTP on %s", (kind) => {
  let app: RunningApp;
  let drop: () => Promise<void>;
  let shop: Awaited<ReturnType<typeof shopWithKey>>;
  let api: ReturnType<typeof apiClient>;
  let programId: string;
  const db = () => app.database.db;
  const cli = (...args: string[]) => runCliCommand(args, { db: db(), config: testConfig({ database: app.database.target }) });

  beforeAll(async () => {
    const target = await targetFor(kind);
    drop = target.drop;
    app = await startTestApp({ database: target.target });
    shop = await shopWithKey(db(), "hardening.myshopify.com");
    api = apiClient(app.url, shop.key);
    // auto-approval off: it governs applications only, never what the merchant creates.
    programId = (await createProgram(db(), shop.shop.id, { ...basicProgram, autoApprovePartners: false })).program.id;
  });
  afterAll(async () => {
    await app?.close();
    await drop?.();
  });

  describe("API keys", () => {
    const keyRow = async () => (await db().select().from(apiKeys).where(eq(apiKeys.shopId, shop.shop.id)))[0]!;

    it("records last_used_at on use, at most once a minute", async () => {
      expect((await keyRow()).lastUsedAt).toBeNull();
      expect((await api("GET", "/api/v1/programs")).status).toBe(200);
      const first = (await waitFor(keyRow, (k) => k.lastUsedAt !== null)).lastUsedAt!;
      expect(Date.now() - first.getTime()).toBeLessThan(60_000);
      await api("GET", "/api/v1/programs");
      await new Promise((r) => setTimeout(r, 300));
      expect((await keyRow()).lastUsedAt).toEqual(first);
      // Older than a minute: the next use records it again.
      await db().update(apiKeys).set({ lastUsedAt: sql`now() - interval '2 minutes'` }).where(eq(apiKeys.shopId, shop.shop.id));
      const aged = (await keyRow()).lastUsedAt!;
      await api("GET", "/api/v1/programs");
      expect((await waitFor(keyRow, (k) => k.lastUsedAt!.getTime() > aged.getTime())).lastUsedAt!.getTime()).toBeGreaterThan(aged.getTime());
    });

    it("lists keys without secret or hash, and a revoked key answers 401", async () => {
      const extra = await cli("api-keys", "create", "--shop", "hardening.myshopify.com", "--name", "ci");
      const extraKey = extra.stdout.at(-1)!;
      expect((await apiClient(app.url, extraKey)("GET", "/api/v1/programs")).status).toBe(200);
      const listed = await cli("api-keys", "list", "--shop", "hardening.myshopify.com");
      expect(listed.exitCode).toBe(0);
      const lines = listed.stdout.map((l) => JSON.parse(l) as Json);
      expect(lines).toHaveLength(2);
      for (const line of lines) expect(Object.keys(line)).toEqual(["id", "name", "prefix", "created_at", "last_used_at", "revoked_at"]);
      expect(listed.stdout.join("\n")).not.toContain(extraKey);
      expect(listed.stdout.join("\n")).not.toContain(createHash("sha256").update(extraKey).digest("hex"));
      const ci = lines.find((l) => l.name === "ci")!;
      expect(ci.prefix).toBe(extraKey.slice(0, 10));

      const revoked = await cli("api-keys", "revoke", "--shop", "hardening.myshopify.com", "--prefix", ci.prefix);
      expect(revoked.exitCode).toBe(0);
      expect(JSON.parse(revoked.stdout[0]!)).toMatchObject({ id: ci.id, revoked_at: expect.any(String) });
      expect((await apiClient(app.url, extraKey)("GET", "/api/v1/programs")).status).toBe(401);
      expect((await api("GET", "/api/v1/programs")).status).toBe(200);
      // Revoking again keeps the first revocation time.
      const again = await cli("api-keys", "revoke", "--shop", "hardening.myshopify.com", "--id", ci.id);
      expect(JSON.parse(again.stdout[0]!).revoked_at).toBe(JSON.parse(revoked.stdout[0]!).revoked_at);
    });

    it.each([
      [["--id", "00000000-0000-4000-8000-000000000000"], "error: API key not found"],
      [["--id", "not-a-uuid"], "error: API key not found"],
      [["--prefix", "ahk_nope00"], "error: API key not found"],
      [[], "error: give --id or --prefix (one of them)"],
    ])("revoke %j fails with exit 1 and one line", async (flags, reason) => {
      const result = await cli("api-keys", "revoke", "--shop", "hardening.myshopify.com", ...flags);
      expect(result).toEqual({ exitCode: 1, stdout: [], stderr: [reason] });
    });

    it("never revokes another shop's key", async () => {
      const other = await shopWithKey(db(), "other-hardening.myshopify.com");
      const [otherRow] = await db().select().from(apiKeys).where(eq(apiKeys.shopId, other.shop.id));
      const result = await cli("api-keys", "revoke", "--shop", "hardening.myshopify.com", "--id", otherRow!.id);
      expect(result.exitCode).toBe(1);
      expect((await apiClient(app.url, other.key)("GET", "/api/v1/programs")).status).toBe(200);
    });
  });

  describe("partners created by the merchant", () => {
    it("are active unless a status is given, even when the program does not auto-approve", async () => {
      const created = await api("POST", "/api/v1/partners", { program_id: programId, email: "mia@example.com", key: "MIA" });
      expect(created).toMatchObject({ status: 201, body: { status: "active" } });
      const pending = await api("POST", "/api/v1/partners", { program_id: programId, email: "leo@example.com", key: "LEO", status: "pending" });
      expect(pending).toMatchObject({ status: 201, body: { status: "pending" } });
      expect((await api("POST", "/api/v1/partners", { program_id: programId, email: "z@example.com", status: "frozen" })).body.error.field).toBe("status");
    });

    it("while applications wait for approval unless the program auto-approves", async () => {
      const applied = await createPartner(db(), shop.shop.id, { programId, email: "applicant@example.com", origin: "application" });
      expect(applied.partner.status).toBe("pending");
      const auto = await createProgram(db(), shop.shop.id, { ...basicProgram, name: "Open", autoApprovePartners: true });
      const approved = await createPartner(db(), shop.shop.id, { programId: auto.program.id, email: "applicant@example.com", origin: "application" });
      expect(approved.partner.status).toBe("active");
    });
  });

  describe("click fingerprints", () => {
    const ip = "203.0.113.77";
    const click = (referralKey: string, userAgent = "Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0") =>
      fetch(`${app.url}/api/v1/clicks`, {
        method: "POST",
        headers: { authorization: `Bearer ${shop.key}`, "content-type": "application/json", "x-forwarded-for": ip, "user-agent": userAgent },
        body: JSON.stringify({ referral_key: referralKey, url: "https://hardening.example/?ref=MIA" }),
      }).then(async (r) => (await db().select().from(clicks).where(eq(clicks.id, ((await r.json()) as Json).id)))[0]!);

    it("are HMACs under a secret pepper, per shop: not sha256 of shop and IP, never the IP, stable for the same input", async () => {
      const first = await click("MIA");
      const second = await click("MIA");
      const sha = (v: string) => createHash("sha256").update(v).digest("hex");
      expect(first.ipHash).toMatch(/^[0-9a-f]{64}$/);
      expect(first.ipHash).not.toContain(ip);
      expect([sha(`${shop.shop.id}:${ip}`), sha(ip), sha(`${shop.shop.id}\n${ip}`)]).not.toContain(first.ipHash);
      expect(second.ipHash).toBe(first.ipHash);
      expect(second.userAgentHash).toBe(first.userAgentHash);
      expect((await click("MIA", "Mozilla/5.0 (iPhone) Safari/604.1")).userAgentHash).not.toBe(first.userAgentHash);
      const pepper = currentSecretBoxOrThrow().derive("click fingerprints");
      expect(first.ipHash).toBe(createHmac("sha256", pepper).update(`${shop.shop.id}\n${ip}`).digest("hex"));
      expect(createHmac("sha256", pepper).update(`another-shop\n${ip}`).digest("hex")).not.toBe(first.ipHash);
    });
  });

  describe("server-side clicks", () => {
    const post = (body: Record<string, unknown>, userAgent = "Mozilla/5.0 (Windows NT 10.0) Edg/130.0") =>
      fetch(`${app.url}/api/v1/clicks`, {
        method: "POST",
        headers: { authorization: `Bearer ${shop.key}`, "content-type": "application/json", "user-agent": userAgent },
        body: JSON.stringify({ referral_key: "MIA", url: "https://hardening.example/?ref=MIA", ...body }),
      }).then(async (r) => ({ status: r.status, body: (await r.json()) as Json }));

    it("take the visitor's address and browser from the body, drop bots, and limit each address per minute", async () => {
      const visitor = `198.51.100.${kind === "pglite" ? 1 : 2}`;
      const bot = await post({ ip: visitor, user_agent: "Googlebot/2.1 (+http://www.google.com/bot.html)" });
      expect(bot).toEqual({ status: 202, body: { recorded: false, reason: "bot" } });
      const recorded = await post({ ip: visitor, user_agent: "Mozilla/5.0 (Macintosh) Safari/605.1.15" });
      expect(recorded.status).toBe(201);
      const [row] = await db().select().from(clicks).where(eq(clicks.id, recorded.body.id));
      const pepper = currentSecretBoxOrThrow().derive("click fingerprints");
      expect(row!.ipHash).toBe(createHmac("sha256", pepper).update(`${shop.shop.id}\n${visitor}`).digest("hex"));
      const statuses: number[] = [];
      for (let i = 0; i < 20; i++) statuses.push((await post({ ip: visitor })).status);
      expect(statuses.filter((s) => s === 201)).toHaveLength(19);
      const limited = await post({ ip: visitor });
      expect(limited).toMatchObject({ status: 429, body: { error: { code: "rate_limited", field: "ip" } } });
      expect((await post({ ip: "not-an-ip" })).body.error.field).toBe("ip");
    });
  });

  describe("keyset pagination", () => {
    let listShopId: string;
    let list: ReturnType<typeof apiClient>;

    beforeAll(async () => {
      const listShop = await shopWithKey(db(), "pages.myshopify.com");
      listShopId = listShop.shop.id;
      list = apiClient(app.url, listShop.key);
      for (const name of ["P1", "P2", "P3", "P4"]) await createProgram(db(), listShopId, { ...basicProgram, name });
      // Same millisecond, different microseconds: a millisecond cursor would repeat or skip rows.
      const stamps = ["2026-03-01 10:00:00.123456+00", "2026-03-01 10:00:00.123457+00", "2026-03-01 10:00:00.123999+00", "2026-03-01 10:00:00.123456+00"];
      const rows = await db().select({ id: programs.id, name: programs.name }).from(programs).where(eq(programs.shopId, listShopId));
      for (const row of rows) {
        const stamp = stamps[Number(row.name.slice(1)) - 1]!;
        await db().update(programs).set({ createdAt: sql`${stamp}::timestamptz` }).where(eq(programs.id, row.id));
      }
    });

    it("walks every row once, in (created_at, id) order, whatever the microseconds", async () => {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const pageOf: Json = await list("GET", `/api/v1/programs?limit=1${cursor ? `&cursor=${cursor}` : ""}`);
        expect(pageOf.status).toBe(200);
        seen.push(...pageOf.body.data.map((p: Json) => p.name));
        cursor = pageOf.body.next_cursor;
      } while (cursor && seen.length < 10);
      expect(seen).toHaveLength(4);
      expect(new Set(seen).size).toBe(4);
      expect(seen.slice(2)).toEqual(["P2", "P3"]);
    });

    const b64 = (text: string) => Buffer.from(text).toString("base64url");
    it.each([
      ["garbage!", "not base64url"],
      ["a", "bad base64"],
      [b64("hello world"), "base64 of garbage"],
      [b64('{"at":1,"id":2}'), "wrong types"],
      [b64("2026-02-30T00:00:00.000000Z|7f6c1a8e-0000-4000-8000-000000000000"), "impossible date"],
      [b64("2026-03-01T10:00:00.123Z|7f6c1a8e-0000-4000-8000-000000000000"), "milliseconds only"],
      [b64("2026-03-01T10:00:00.123456Z|not-a-uuid"), "bad id"],
      [b64("2026-03-01T10:00:00.123456Z|7f6c1a8e-0000-4000-8000-000000000000|x"), "extra part"],
      ["x".repeat(500), "too long"],
    ])("answers 400 naming cursor to %s (%s)", async (cursor) => {
      for (const path of ["/api/v1/programs", "/api/v1/partners", "/api/v1/customers", "/api/v1/commissions", "/api/v1/inbound-events"]) {
        const response = await list("GET", `${path}?cursor=${encodeURIComponent(cursor)}`);
        expect(response).toEqual({ status: 400, body: { error: { code: "validation_error", message: "cursor is not one this API returned", field: "cursor" } } });
      }
    });

    it("compares raw columns, so the (shop_id, created_at, id) index serves the list without a sort", async () => {
      const cursor = { at: "2026-03-01T10:00:00.123456Z", id: "7f6c1a8e-0000-4000-8000-000000000000" };
      const query = db()
        .select({ id: partners.id, cursorAt: cursorAt(partners.createdAt) })
        .from(partners)
        .where(and(eq(partners.shopId, listShopId), pageWhere(partners.createdAt, partners.id, cursor)))
        .orderBy(...pageOrder(partners.createdAt, partners.id))
        .limit(51);
      const plan = await db().transaction(async (tx) => {
        await tx.execute(sql`set local enable_seqscan = off`);
        return rowsOf<{ "QUERY PLAN": string }>(await tx.execute(sql`explain ${query.getSQL()}`)).map((r) => r["QUERY PLAN"]).join("\n");
      });
      expect(plan).toContain("partners_shop_created_idx");
      expect(plan).toMatch(/Index Cond: \(\(shop_id = .*\) AND \(ROW\(created_at, id\) > ROW\(/);
      expect(plan).not.toContain("Sort");
    });
  });
});
