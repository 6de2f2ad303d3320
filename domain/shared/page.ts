/** One page of a list: offset paging for the admin (small pages, stable order). */
export interface PageRequest {
  limit: number;
  offset: number;
}

export interface Page<T> {
  rows: T[];
  hasNext: boolean;
}

/** Callers query limit + 1 rows; the extra one only tells whether a next page exists. */
export function pageOf<T>(rows: T[], request: PageRequest): Page<T> {
  return { rows: rows.slice(0, request.limit), hasNext: rows.length > request.limit };
}
