/**
 * JSON.parse that keeps integers beyond 2^53 exact, as strings: Shopify ids (orders, refunds, customers) exceed
 * it and plain JSON.parse would round `820982911946154508` to `820982911946154500`. Uses the reviver's source text (Node 22+).
 */
export function parseJsonKeepingBigIds(text: string): unknown {
  return JSON.parse(text, (_key, value: unknown, context?: { source?: string }) => {
    if (typeof value === "number" && !Number.isSafeInteger(value) && context?.source && /^-?\d+$/.test(context.source)) return context.source;
    return value;
  });
}
