import { currencyExponent } from "./money";

/** 1234 USD -> "12.34", 1234 JPY -> "1234", exactly (no floating point). */
export function formatMinorUnits(amount: number, currency: string): string {
  const exponent = currencyExponent(currency);
  const digits = BigInt(Math.abs(amount)).toString().padStart(exponent + 1, "0");
  const sign = amount < 0 ? "-" : "";
  return exponent === 0 ? `${sign}${digits}` : `${sign}${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`;
}
