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

// An integer token of 16+ digits outside strings (not part of a fraction or exponent).
const longInteger = /(?<![\d.eE+-])(-?\d{16,})(?![\d.eE])/g;

/** Index of the quote closing the string that opens at `open` (the text's length when it is unterminated). */
function stringEnd(text: string, open: number): number {
  let close = text.indexOf('"', open + 1);
  for (;;) {
    if (close === -1) return text.length;
    let backslashes = 0;
    while (text.charCodeAt(close - 1 - backslashes) === 92) backslashes++;
    if (backslashes % 2 === 0) return close;
    close = text.indexOf('"', close + 1);
  }
}

/**
 * The JSON text with every integer beyond 2^53 written as a string, for text already known to be valid JSON
 * (JSON.parse succeeded): the same value as JSON.stringify(parseJsonKeepingBigIds(text)), without a reviver call
 * per value and without serializing again. Skips strings with indexOf; only stretches between strings that are long
 * enough to hold such an integer are searched. The webhook receipt stores the result as jsonb as is.
 */
export function quoteBigIntegers(validJson: string): string {
  let out = "";
  let from = 0;
  for (let at = 0; at < validJson.length; ) {
    const open = validJson.indexOf('"', at);
    const stretchEnd = open === -1 ? validJson.length : open;
    if (stretchEnd - at >= 16) {
      const stretch = validJson.slice(at, stretchEnd);
      const quoted = stretch.replace(longInteger, (integer: string) => (Number.isSafeInteger(Number(integer)) ? integer : `"${integer}"`));
      if (quoted !== stretch) {
        out += validJson.slice(from, at) + quoted;
        from = stretchEnd;
      }
    }
    if (open === -1) break;
    at = stringEnd(validJson, open) + 1;
  }
  return from === 0 ? validJson : out + validJson.slice(from);
}
