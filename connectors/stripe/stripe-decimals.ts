import { currencyExponent, divideHalfUp } from "../../domain/shared/money";

/**
 * Stripe's own decimals (https://docs.stripe.com/currencies#zero-decimal, #three-decimal, #special-cases), which
 * differ from ISO 4217 for some currencies: ISK stays two-decimal at Stripe "for backwards compatibility" (100 = 1
 * krona; amounts must be multiples of 100 since April 2023) where ISO says zero; MGA is zero-decimal at Stripe and
 * two-decimal in ISO. HUF and TWD are two-decimal for charges (zero-decimal only for payouts, which the app never
 * reads); UGX is zero-decimal for charges (its payout rule does not apply here either).
 */
const STRIPE_ZERO_DECIMAL = new Set([
  "BIF", "CLP", "DJF", "GNF", "JPY", "KMF", "KRW", "MGA", "PYG", "RWF", "UGX", "VND", "VUV", "XAF", "XOF", "XPF",
]);
const STRIPE_THREE_DECIMAL = new Set(["BHD", "JOD", "KWD", "OMR", "TND"]);

export function stripeExponent(currency: string): number {
  const code = currency.toUpperCase();
  if (STRIPE_ZERO_DECIMAL.has(code)) return 0;
  if (STRIPE_THREE_DECIMAL.has(code)) return 3;
  return 2;
}

/** A Stripe amount (Stripe's minor units) in the app's minor units (ISO 4217), rounded half up when Stripe has more decimals. */
export function fromStripeAmount(amount: number, currency: string): number {
  const shift = currencyExponent(currency) - stripeExponent(currency);
  if (shift === 0) return amount;
  if (shift > 0) return amount * 10 ** shift;
  const divisor = BigInt(10 ** -shift);
  return amount < 0 ? -divideHalfUp(BigInt(-amount), divisor) : divideHalfUp(BigInt(amount), divisor);
}
