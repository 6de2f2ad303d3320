import { API_KEY, API_SECRET_KEY, RequestType, setUpValidRequest } from "@shopify/shopify-api/test-helpers";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { creatives, customerExternalIds, partners } from "../../db/schema/index";
import { setCreativeArchived } from "../../domain/creatives/change-creative";
import { createCreative } from "../../domain/creatives/create-creative";
import { createProgram } from "../../domain/programs/create-program";
import { createShop } from "../../domain/shops/create-shop";
import { loadConfig } from "../../runtime/config";
import type { RunningApp } from "../../runtime/start";
import { signedProxyUrl } from "../helpers/app-proxy-signer";
import { databaseKinds } from "../helpers/databases";
import { basicProgram } from "../helpers/domain-fixture";
import { startAppWithShop } from "../helpers/proxy-app";
import { gifImage, pngImage, scriptedSvg } from "../helpers/test-images";
import { installThroughAdmin } from "../helpers/shopify-admin-mock";
import { listenForShopifyInstalls } from "../helpers/shopify-install-handlers";
import type { Program } from "../../db/schema/rows";

// Not local mode: admin requests carry real session tokens, proxy requests Shopify's signature with this secret.
process.env.SHOPIFY_API_KEY = API_KEY;
process.env.SHOPIFY_API_SECRET = API_SECRET_KEY;

const SHOP = "creatives.myshopify.com";
const OTHER_SHOP = "elsewhere.myshopify.com";
const MIA = "8101"; // a partner of the open program
const LEO = "8102"; // a partner of the other program
const BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36";


// Shopify answers each store's install (token exchange, ShopSettings) on its first embedded admin load.
let shopifyInstalls: ReturnType<typeof listenForShopifyInstalls>;
beforeAll(() => {
  shopifyInstalls = listenForShopifyInstalls();
});
afterAll(() => shopifyInstalls.close());
describe.each(databaseKinds)("creatives: uploaded in the admin, served through the app proxy, shown to the program's partners (%s)", (kind) => {
  let fixture: Awaited<ReturnType<typeof startAppWithShop>>;
  let app: RunningApp;
  let shopId: string;
  let open: Program;
  let other: Program;
  let elsewhereProgram: Program;

  const proxyUrl = (path: string, customerId: string | null, shop = SHOP) => signedProxyUrl(app.url, path, { shop, secret: API_SECRET_KEY, customerId });
  /** A multipart form POST as the embedded admin sends it (a session token in Authorization). */
  const upload = async (fields: Record<string, string>, file?: { bytes: Buffer; name: string; type: string }) => {
    const form = new FormData();
    form.set("intent", "upload");
    for (const [name, value] of Object.entries(fields)) form.set(name, value);
    if (file) form.set("file", new Blob([new Uint8Array(file.bytes)], { type: file.type }), file.name);
    const request = await setUpValidRequest(
      { type: RequestType.Bearer, store: SHOP.replace(".myshopify.com", ""), apiKey: API_KEY, apiSecretKey: API_SECRET_KEY },
      new Request(`${app.url}/app/creatives.data`, { method: "POST", headers: { "user-agent": BROWSER } }),
    );
    const response = await fetch(request.url, { method: "POST", headers: { authorization: request.headers.get("authorization")!, "user-agent": BROWSER }, body: form });
    return { status: response.status, text: await response.text() };
  };
  const join = async (customerId: string, program: Program, email: string) => {
    const page = await (await fetch(proxyUrl("/portal", customerId))).text();
    const token = page.match(/name="form_token" value="([^"]+)"/)![1]!;
    const response = await fetch(proxyUrl("/signup", customerId), { method: "POST", body: new URLSearchParams({ form_token: token, program: program.id, email }), redirect: "manual" });
    expect(response.status).toBe(303);
    const [row] = await app.database.db
      .select({ partner: partners })
      .from(customerExternalIds)
      .innerJoin(partners, eq(partners.customerId, customerExternalIds.customerId))
      .where(and(eq(customerExternalIds.shopId, shopId), eq(customerExternalIds.externalId, customerId)));
    return row!.partner;
  };

  beforeAll(async () => {
    fixture = await startAppWithShop(kind, SHOP, { name: "Open program", autoApprovePartners: true, linkParams: ["via", "ref"] });
    app = fixture.app;
    shopId = fixture.shop.id;
    open = fixture.program;
    other = (await createProgram(app.database.db, shopId, { ...basicProgram, name: "Other program", autoApprovePartners: true })).program;
    const elsewhere = await createShop(app.database.db, { domain: OTHER_SHOP });
    elsewhereProgram = (await createProgram(app.database.db, elsewhere.id, { ...basicProgram, name: "Elsewhere" })).program;
    expect((await installThroughAdmin(app.url, loadConfig(), SHOP)).status).toBe(200);
  }, 120_000);
  afterAll(async () => {
    await fixture?.close();
  });

  it("stores an uploaded PNG for the shop's program, with its type and size read from the bytes", async () => {
    const bytes = pngImage(468, 60);
    const response = await upload({ program_id: open.id, name: "Leaderboard", alt_text: "Spring sale", link_path: "/collections/sale" }, { bytes, name: "banner.png", type: "image/png" });
    expect(response.status).toBe(200);
    expect(response.text).toContain("Leaderboard uploaded");
    const [row] = await app.database.db.select().from(creatives).where(and(eq(creatives.shopId, shopId), eq(creatives.name, "Leaderboard")));
    expect(row).toMatchObject({ programId: open.id, contentType: "image/png", width: 468, height: 60, byteSize: bytes.length, altText: "Spring sale", linkPath: "/collections/sale", archivedAt: null });
    expect(Buffer.from(row!.data).equals(bytes)).toBe(true);
  });

  it.each([
    ["an SVG (script)", { program: "open", name: "Evil", link_path: "" }, { bytes: scriptedSvg(), name: "x.svg", type: "image/svg+xml" }, 400, "file"],
    ["HTML named .png", { program: "open", name: "Evil" }, { bytes: Buffer.from("<html><script>alert(1)</script></html>"), name: "x.png", type: "image/png" }, 400, "file"],
    ["over 750 KB", { program: "open", name: "Huge" }, { bytes: Buffer.concat([pngImage(10, 10), Buffer.alloc(760 * 1024)]), name: "huge.png", type: "image/png" }, 400, "file"],
    ["no file", { program: "open", name: "Empty" }, undefined, 400, "file"],
    ["no name", { program: "open", name: " " }, { bytes: gifImage(), name: "a.gif", type: "image/gif" }, 400, "name"],
    ["a link to another site", { program: "open", name: "Away", link_path: "//evil.example/x" }, { bytes: gifImage(), name: "a.gif", type: "image/gif" }, 400, "link_path"],
    ["another shop's program", { program: "elsewhere", name: "Stolen" }, { bytes: gifImage(), name: "a.gif", type: "image/gif" }, 404, null],
  ])("refuses %s, naming the field, and stores nothing", async (_label, fields: { program: string; name: string; link_path?: string }, file, status, field) => {
    const programId = fields.program === "open" ? open.id : elsewhereProgram.id;
    const before = (await app.database.db.select({ id: creatives.id }).from(creatives)).length;
    const response = await upload({ program_id: programId, name: fields.name, link_path: fields.link_path ?? "" }, file);
    expect(response.status).toBe(status);
    if (field) expect(response.text).toContain(`"${field}"`);
    expect((await app.database.db.select({ id: creatives.id }).from(creatives)).length).toBe(before);
  });

  it("serves the image through the signed app proxy with its type, nosniff and cache headers; never another shop's or an archived one", async () => {
    const bytes = gifImage();
    const creative = await createCreative(app.database.db, shopId, { programId: open.id, name: "Pixel", bytes });
    const response = await fetch(proxyUrl(`/creatives/${creative.id}`, null));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("image/gif");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("cache-control")).toBe("public, max-age=3600");
    expect(Buffer.from(await response.arrayBuffer()).equals(bytes)).toBe(true);
    const etag = response.headers.get("etag")!;
    expect((await fetch(proxyUrl(`/creatives/${creative.id}`, null), { headers: { "if-none-match": etag } })).status).toBe(304);

    expect((await fetch(`${app.url}/proxy/creatives/${creative.id}?shop=${SHOP}`)).status).toBe(401);
    expect((await fetch(proxyUrl(`/creatives/${creative.id}`, null, OTHER_SHOP))).status).toBe(404);
    expect((await fetch(proxyUrl("/creatives/not-a-uuid", null))).status).toBe(404);
    await setCreativeArchived(app.database.db, shopId, creative.id, true);
    expect((await fetch(proxyUrl(`/creatives/${creative.id}`, null))).status).toBe(404);
  });

  it("shows a partner their program's banners with HTML carrying their own key, and nobody else's", async () => {
    const db = app.database.db;
    const mia = await join(MIA, open, "mia@example.com");
    const leo = await join(LEO, other, "leo@example.com");
    const banner = await createCreative(db, shopId, { programId: open.id, name: "Sale banner", altText: 'Sale "50%" <off>', linkPath: "/collections/sale?sort=new", bytes: pngImage(300, 250) });
    const archived = await createCreative(db, shopId, { programId: open.id, name: "Old banner", bytes: gifImage() });
    await setCreativeArchived(db, shopId, archived.id, true);
    const others = await createCreative(db, shopId, { programId: other.id, name: "Other program banner", bytes: gifImage() });
    await createCreative(db, (await db.query.shops.findFirst({ where: (s, { eq }) => eq(s.domain, OTHER_SHOP) }))!.id, { programId: elsewhereProgram.id, name: "Elsewhere banner", bytes: gifImage() });

    const miaPage = await (await fetch(proxyUrl("/portal", MIA))).text();
    expect(miaPage).toContain("Sale banner");
    expect(miaPage).toContain(`src="/apps/partners/creatives/${banner.id}"`);
    const snippet = `<a href="https://${SHOP}/collections/sale?sort=new&amp;via=${mia.key}" rel="sponsored"><img src="https://${SHOP}/apps/partners/creatives/${banner.id}" alt="Sale &quot;50%&quot; &lt;off&gt;" width="300" height="250"></a>`;
    // The snippet is the text of a textarea, so React escapes it once more.
    expect(miaPage).toContain(snippet.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;"));
    for (const hidden of ["Old banner", "Other program banner", "Elsewhere banner", archived.id, others.id]) expect(miaPage).not.toContain(hidden);

    const leoPage = await (await fetch(proxyUrl("/portal", LEO))).text();
    expect(leoPage).toContain("Other program banner");
    expect(leoPage).toContain(`?ref=${leo.key}`);
    expect(leoPage).not.toContain("Sale banner");
    // Leo cannot pick Mia's program to see its banners.
    const picked = await fetch(proxyUrl("/portal", LEO).replace("/portal?", `/portal?program=${open.id}&`));
    expect(picked.status).toBe(401); // the added parameter breaks Shopify's signature
    const signedPick = signedProxyUrl(app.url, "/portal", { shop: SHOP, secret: API_SECRET_KEY, customerId: LEO, query: { program: open.id } });
    const pickedPage = await fetch(signedPick);
    expect(pickedPage.status).toBe(404);
    expect(await pickedPage.text()).not.toContain("Sale banner");
  });

  it("shows the admin's banners through links signed for one shop and one creative", async () => {
    const creative = await createCreative(app.database.db, shopId, { programId: open.id, name: "Admin view", bytes: gifImage() });
    const request = await setUpValidRequest(
      { type: RequestType.Admin, store: SHOP.replace(".myshopify.com", ""), apiKey: API_KEY, apiSecretKey: API_SECRET_KEY },
      new Request(`${app.url}/app/creatives`, { headers: { "user-agent": BROWSER } }),
    );
    const html = await (await fetch(request.url, { headers: { "user-agent": BROWSER } })).text();
    const src = html.match(new RegExp(`/creatives/${creative.id}\\?t=[^"\\\\]+`))![0].replace(/&amp;/g, "&");
    const image = await fetch(`${app.url}${src}`);
    expect(image.status).toBe(200);
    expect(image.headers.get("x-content-type-options")).toBe("nosniff");
    const other = await createCreative(app.database.db, shopId, { programId: open.id, name: "Another", bytes: gifImage() });
    expect((await fetch(`${app.url}${src.replace(creative.id, other.id)}`)).status).toBe(404);
    expect((await fetch(`${app.url}${src.slice(0, -3)}xyz`)).status).toBe(404);
    expect((await fetch(`${app.url}/creatives/${creative.id}`)).status).toBe(404);
  });
});
