import type { PageRequest } from "../../domain/shared/page";

export const PAGE_SIZE = 25;

/** ?page=N (1-based, or another `param`) as a page request. */
export function pageRequest(url: URL, size = PAGE_SIZE, param = "page"): PageRequest & { page: number } {
  const page = Math.max(1, Math.min(10_000, Number.parseInt(url.searchParams.get(param) ?? "1", 10) || 1));
  return { page, limit: size, offset: (page - 1) * size };
}

/** A query parameter that must be one of `values`, else undefined. */
export function oneOf<T extends string>(value: string | null, values: readonly T[]): T | undefined {
  return values.find((v) => v === value);
}
