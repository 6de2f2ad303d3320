import { currencyExponent } from "../../domain/shared/money";

/** Integer minor units as a localized amount: formatMoney(123456, "USD") = "$1,234.56". */
export function formatMoney(minor: number, currency: string): string {
  const exponent = currencyExponent(currency);
  return new Intl.NumberFormat("en-US", { style: "currency", currency, minimumFractionDigits: exponent, maximumFractionDigits: exponent }).format(
    minor / 10 ** exponent,
  );
}

/** Minor units as the plain decimal a form field shows ("1234.56"), exact. */
export function minorToDecimal(minor: number, currency: string): string {
  const exponent = currencyExponent(currency);
  if (exponent === 0) return String(minor);
  const text = String(Math.abs(minor)).padStart(exponent + 1, "0");
  return `${minor < 0 ? "-" : ""}${text.slice(0, -exponent)}.${text.slice(-exponent)}`;
}

export const formatDate = (value: string | Date | null | undefined): string =>
  value ? new Date(value).toISOString().slice(0, 10) : "—";

export const formatDateTime = (value: string | Date | null | undefined): string =>
  value ? new Date(value).toISOString().replace("T", " ").slice(0, 16) + " UTC" : "—";
