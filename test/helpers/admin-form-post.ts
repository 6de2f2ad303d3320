import { API_KEY, API_SECRET_KEY, RequestType, setUpValidRequest } from "@shopify/shopify-api/test-helpers";

const BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36";

/** An admin form POST as the embedded app's fetch sends it (a session token of `store` in Authorization) to a route's `.data`. */
export async function postAdminForm(appUrl: string, path: string, store: string, fields: Record<string, string>): Promise<{ status: number; text: string }> {
  const request = await setUpValidRequest(
    { type: RequestType.Bearer, store, apiKey: API_KEY, apiSecretKey: API_SECRET_KEY },
    new Request(`${appUrl}${path}.data`, { method: "POST", headers: { "user-agent": BROWSER, "content-type": "application/x-www-form-urlencoded" } }),
  );
  const response = await fetch(request.url, { method: "POST", headers: request.headers, body: new URLSearchParams(fields).toString() });
  return { status: response.status, text: await response.text() };
}
