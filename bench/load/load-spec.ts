export interface LoadSpec {
  url: string;
  method: string;
  headers?: Record<string, string>;
  body?: string;
  /** Requests in flight (one keep-alive connection each). */
  connections: number;
  seconds: number;
  maxRequests?: number;
}

export interface LoadResult {
  requests: number;
  errors: number;
  seconds: number;
  perSecond: number;
  statuses: Record<string, number>;
  /** Latency percentiles in ms. */
  p50: number;
  p99: number;
  max: number;
}
