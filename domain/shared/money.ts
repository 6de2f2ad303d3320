import { invalid } from "./errors";

/** 10000 basis points of a percent = 100 %, so 1250 = 12.50 %. */
export const FULL_BASIS_POINTS = 10_000;

const ZERO_DECIMAL_CURRENCIES = new Set([
  "BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX", "UYI", "VND", "VUV", "XAF", "XOF", "XPF",
]);
const THREE_DECIMAL_CURRENCIES = new Set(["BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"]);

/** ISO 4217 minor-unit exponent: how many decimals one major unit has (JPY 0, USD 2, KWD 3). */
export function currencyExponent(currency: string): number {
  const code = currency.toUpperCase();
  if (!/^[A-Z]{3}$/.test(code)) throw invalid(`currency must be a three-letter ISO 4217 code, got "${currency}"`, "currency");
  if (ZERO_DECIMAL_CURRENCIES.has(code)) return 0;
  if (THREE_DECIMAL_CURRENCIES.has(code)) return 3;
  return 2;
}

/**
 * Parses a decimal string such as "12.34" into integer minor units of `currency` (1234 for USD), exactly:
 * no floating point is involved. Extra decimals are accepted only when they are zeros ("12.340" for USD).
 */
export function parseMinorUnits(decimal: string, currency: string, field = "amount"): number {
  const exponent = currencyExponent(currency);
  const match = typeof decimal === "string" ? /^(-?)(\d+)(?:\.(\d+))?$/.exec(decimal) : null;
  if (!match) throw invalid(`${field} must be a decimal number such as "12.34", got "${String(decimal)}"`, field);
  const [, sign = "", whole = "", fraction = ""] = match;
  const significant = fraction.replace(/0+$/, "");
  if (significant.length > exponent) {
    throw invalid(`${field} has more decimals than ${currency.toUpperCase()} allows (${exponent}), got "${decimal}"`, field);
  }
  const minor = BigInt(whole + significant.padEnd(exponent, "0"));
  const value = Number(sign === "-" ? -minor : minor);
  if (!Number.isSafeInteger(value)) throw invalid(`${field} is too large, got "${decimal}"`, field);
  return value;
}

/** Throws a validation error unless `value` is an integer >= 0 within the safe integer range. */
export function assertNonNegativeInteger(value: number, field: string): void {
  if (!Number.isSafeInteger(value) || value < 0) throw invalid(`${field} must be a non-negative integer, got ${value}`, field);
}

/** numerator / denominator rounded half up, for numerator >= 0 and denominator > 0; the result must be a safe integer. */
export function divideHalfUp(numerator: bigint, denominator: bigint): number {
  if (numerator < 0n || denominator <= 0n) {
    throw invalid(`cannot divide ${numerator} by ${denominator}: expected a non-negative numerator and a positive denominator`);
  }
  const result = Number((2n * numerator + denominator) / (2n * denominator));
  if (!Number.isSafeInteger(result)) throw invalid(`${numerator} / ${denominator} exceeds the safe integer range`);
  return result;
}

/** `basisPoints` of `amount` (10000 = 100 %), rounded half up to the minor unit: percentOf(999, 1250) = 125. */
export function percentOf(amount: number, basisPoints: number): number {
  assertNonNegativeInteger(amount, "amount");
  assertNonNegativeInteger(basisPoints, "basisPoints");
  return divideHalfUp(BigInt(amount) * BigInt(basisPoints), BigInt(FULL_BASIS_POINTS));
}

/** amount * numerator / denominator rounded half up; numerator is capped at denominator, so the result never exceeds amount. */
export function proportionOf(amount: number, numerator: number, denominator: number): number {
  assertNonNegativeInteger(amount, "amount");
  assertNonNegativeInteger(numerator, "numerator");
  assertNonNegativeInteger(denominator, "denominator");
  if (denominator === 0) throw invalid("denominator must be greater than 0", "denominator");
  return divideHalfUp(BigInt(amount) * BigInt(Math.min(numerator, denominator)), BigInt(denominator));
}
