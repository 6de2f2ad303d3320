import fc from "fast-check";

/** Strings that have broken other apps: SQL, CSV formulas, markup, path tricks, control and odd Unicode. */
export const INJECTIONS = [
  "' OR '1'='1",
  "'; DROP TABLE partners; --",
  "1; SELECT pg_sleep(5)",
  "\" OR \"\"=\"",
  "=HYPERLINK(\"https://evil.example\",\"x\")",
  "+cmd|' /C calc'!A0",
  "@SUM(1+1)*cmd|' /C calc'!A0",
  "-2+3+cmd|' /C calc'!A0",
  "<script>alert(1)</script>",
  "${7*7}{{7*7}}",
  "../../../../etc/passwd",
  "%00%0d%0aSet-Cookie: x=1",
  "\u0000",
  "\u202Egnp.exe",
  "\uD800",
  "𝕏🏳️‍🌈👩‍👩‍👧‍👦",
  "ǅǈǋ ΐ ﬃ İ",
  "null",
  "-1",
  "99999999999999999999999",
  "NaN",
  "00000000-0000-0000-0000-000000000000",
];

export const nastyString = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...INJECTIONS) },
  { weight: 2, arbitrary: fc.string({ unit: "grapheme", maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 40 }) },
  { weight: 1, arbitrary: fc.constantFrom("a".repeat(5_000), "é".repeat(3_000)) },
);

/** Over the 2 MB webhook limit and the API's body limit. */
const HUGE = `{"data":"${"x".repeat(2_200_000)}"}`;

/** A body no endpoint should accept: not JSON, JSON that is not an object, cut short, or huge. */
export const malformedBody = fc.oneof(
  { weight: 3, arbitrary: nastyString.filter((s) => !isJsonObject(s)) },
  { weight: 2, arbitrary: fc.jsonValue().filter((v) => v === null || typeof v !== "object" || Array.isArray(v)).map((v) => JSON.stringify(v)) },
  { weight: 2, arbitrary: fc.json().map((j) => j.slice(0, Math.max(1, j.length - 1))).filter((s) => !isJsonObject(s)) },
  { weight: 1, arbitrary: fc.constant(HUGE) },
);

/** Any body at all: the malformed ones, and objects with wrong types, injection strings and Unicode in every field. */
export const anyBody = fc.oneof(
  malformedBody,
  fc.dictionary(fc.oneof(fc.constantFrom("id", "email", "amount", "currency", "key", "status", "type", "data", "shop_domain", "event_type"), nastyString), fc.oneof(nastyString, fc.jsonValue()), { maxKeys: 6 }).map((o) => JSON.stringify(o)),
);

export function isJsonObject(text: string): boolean {
  try {
    const value = JSON.parse(text);
    return value !== null && typeof value === "object" && !Array.isArray(value);
  } catch {
    return false;
  }
}

/** A value for a route parameter: a random id, an id-looking string, or something hostile. */
export const paramValue = fc.oneof(fc.uuid(), nastyString.filter((s) => s.length > 0 && s.length < 300));
