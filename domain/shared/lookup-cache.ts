import type { AsyncLocalStorage } from "node:async_hooks";

type Cache = Map<string, Promise<unknown>>;
let storage: AsyncLocalStorage<Cache> | undefined;
// Loaded at first use, not imported: routes' browser bundles reach some domain modules and must not pull in a Node builtin.
const scope = () => (storage ??= new (process.getBuiltinModule("node:async_hooks").AsyncLocalStorage)<Cache>());

/**
 * Runs `work` with a lookup cache: inside it, cachedLookup answers a repeated read of shop configuration (programs,
 * partners, links, coupons, rules, webhook endpoints) from the first answer. The ingest worker opens one per
 * processing transaction, which reads configuration once per batch instead of once per sale; an answer a few
 * milliseconds old is what the same transaction would have read at its start. Outside a scope nothing is cached.
 */
export function withLookupCache<T>(work: () => Promise<T>): Promise<T> {
  return scope().run(new Map(), work);
}

export function cachedLookup<T>(key: string, load: () => Promise<T>): Promise<T> {
  const cache = scope().getStore();
  if (!cache) return load();
  let answer = cache.get(key) as Promise<T> | undefined;
  if (!answer) {
    // A real promise: a query builder is a thenable that runs its query again at every then().
    answer = Promise.resolve(load());
    cache.set(key, answer);
    answer.catch(() => cache.delete(key));
  }
  return answer;
}

/** true inside withLookupCache: a caller may then trade a statement for a cached read. */
export function insideLookupCache(): boolean {
  return scope().getStore() !== undefined;
}

/** Forgets every cached answer of the current scope: after a change to shop configuration (a coupon registered...). */
export function clearLookupCache(): void {
  scope().getStore()?.clear();
}
