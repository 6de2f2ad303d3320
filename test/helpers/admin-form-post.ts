import { API_KEY, API_SECRET_KEY, RequestType, setUpValidRequest } from "@shopify/shopify-api/test-helpers";

const BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36";

/** The test helpers take the store's name and add ".myshopify.com": either form is accepted here. */
const storeName = (store: string) => store.replace(/\.myshopify\.com$/, "");

/** An admin form POST as the embedded app's fetch sends it (a session token of `store` in Authorization) to a route's `.data`. */
export async function postAdminForm(appUrl: string, path: string, store: string, fields: Record<string, string | string[]>): Promise<{ status: number; text: string }> {
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) for (const v of [value].flat()) body.append(name, v);
  const request = await setUpValidRequest(
    { type: RequestType.Bearer, store: storeName(store), apiKey: API_KEY, apiSecretKey: API_SECRET_KEY },
    new Request(`${appUrl}${path}.data`, { method: "POST", headers: { "user-agent": BROWSER, "content-type": "application/x-www-form-urlencoded" } }),
  );
  const response = await fetch(request.url, { method: "POST", headers: request.headers, body: body.toString() });
  return { status: response.status, text: await response.text() };
}

/** A document GET as the Shopify admin loads it (id_token in the query), as `store`. */
export async function getAdminPage(appUrl: string, path: string, store: string): Promise<{ status: number; text: string }> {
  const request = await setUpValidRequest(
    { type: RequestType.Admin, store: storeName(store), apiKey: API_KEY, apiSecretKey: API_SECRET_KEY },
    new Request(`${appUrl}${path}`, { headers: { "user-agent": BROWSER } }),
  );
  const response = await fetch(request.url, { headers: { "user-agent": BROWSER }, redirect: "manual" });
  return { status: response.status, text: await response.text() };
}
