import type { Database } from "../../db/client";
import { createApiKey } from "../../domain/access/create-api-key";
import { createShop } from "../../domain/shops/create-shop";

export interface ApiResponse<T = Record<string, unknown>> {
  status: number;
  body: T;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON from the API under test
export type Json = any;

/** Real HTTP calls to the running app with a shop's API key. */
export function apiClient(baseUrl: string, key: string | null) {
  return async function call(method: string, path: string, body?: unknown, rawBody?: string): Promise<ApiResponse<Json>> {
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (key) headers.authorization = `Bearer ${key}`;
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers,
      body: rawBody ?? (body === undefined ? undefined : JSON.stringify(body)),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null };
  };
}

export async function shopWithKey(db: Database, domain: string) {
  const shop = await createShop(db, { domain });
  const { key } = await createApiKey(db, shop.id);
  return { shop, key };
}
