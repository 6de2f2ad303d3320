/** An object's id: from admin_graphql_api_id (exact), else from id. `gid://shopify/Order/123` -> "123". */
export function shopifyId(object: { admin_graphql_api_id?: string; id?: string }): string | undefined {
  const fromGid = object.admin_graphql_api_id?.split("/").pop();
  return fromGid || object.id || undefined;
}

/** ISO time with offset from Shopify's timestamps, unix seconds or milliseconds; undefined when unreadable. */
export function isoTime(value: string | number | null | undefined): string | undefined {
  if (value === null || value === undefined || value === "") return undefined;
  const numeric = typeof value === "number" ? value : /^\d+$/.test(value) ? Number(value) : undefined;
  const date = numeric !== undefined ? new Date(numeric < 1e12 ? numeric * 1000 : numeric) : new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}
