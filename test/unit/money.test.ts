import { describe, expect, it } from "vitest";
import { DomainError } from "../../domain/shared/errors";
import { currencyExponent, divideHalfUp, parseMinorUnits, percentOf, proportionOf } from "../../domain/shared/money";

function errorOf(run: () => unknown): DomainError {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error("expected a DomainError");
}

describe("currencyExponent", () => {
  it.each([
    ["USD", 2],
    ["usd", 2],
    ["EUR", 2],
    ["JPY", 0],
    ["KRW", 0],
    ["CLP", 0],
    ["XPF", 0],
    ["KWD", 3],
    ["BHD", 3],
    ["TND", 3],
  ])("%s has %i decimals", (currency, exponent) => {
    expect(currencyExponent(currency)).toBe(exponent);
  });

  it.each(["", "US", "USDX", "U$D", "12A", " USD"])("rejects %j as a currency", (currency) => {
    const error = errorOf(() => currencyExponent(currency));
    expect(error.code).toBe("validation");
    expect(error.field).toBe("currency");
  });
});

describe("parseMinorUnits", () => {
  it.each([
    ["12.34", "USD", 1234],
    ["0.5", "USD", 50],
    ["12", "USD", 1200],
    ["-3.10", "USD", -310],
    ["12.340", "USD", 1234],
    ["-0.00", "USD", 0],
    ["007.10", "EUR", 710],
    ["1000", "JPY", 1000],
    ["1000.00", "JPY", 1000],
    ["1.234", "KWD", 1234],
    ["0.5", "KWD", 500],
    ["90071992547409.91", "USD", Number.MAX_SAFE_INTEGER],
  ])("%s %s = %i minor units", (decimal, currency, minor) => {
    expect(parseMinorUnits(decimal, currency)).toBe(minor);
  });

  it.each([
    ["", "USD"],
    ["abc", "USD"],
    ["1e5", "USD"],
    ["1,000", "USD"],
    [".5", "USD"],
    ["5.", "USD"],
    ["+5", "USD"],
    [" 5", "USD"],
    ["12.345", "USD"],
    ["1000.5", "JPY"],
    ["1.2345", "KWD"],
    ["90071992547409.92", "USD"],
  ])("rejects %j in %s, naming the field", (decimal, currency) => {
    const error = errorOf(() => parseMinorUnits(decimal, currency, "price"));
    expect(error.code).toBe("validation");
    expect(error.field).toBe("price");
    expect(error.message).toContain("price");
  });

  it("names the amount field by default", () => {
    expect(errorOf(() => parseMinorUnits("abc", "USD")).field).toBe("amount");
  });

  it("rejects an invalid currency before parsing", () => {
    expect(errorOf(() => parseMinorUnits("1.00", "DOLLARS")).field).toBe("currency");
  });
});

describe("percentOf (basis points, half up)", () => {
  it.each([
    [10000, 1000, 1000], // 10 % of 100.00
    [999, 1250, 125], // 124.875
    [1, 5000, 1], // 0.5
    [1, 4999, 0], // 0.4999
    [3, 5000, 2], // 1.5
    [5, 5000, 3], // 2.5: half up, not to even
    [0, 1250, 0],
    [12345, 0, 0],
    [12345, 10000, 12345],
    [200, 15000, 300], // 150 %
    [9007199254740991, 5000, 4503599627370496], // 4503599627370495.5: exact only in BigInt
  ])("percentOf(%i, %i) = %i", (amount, basisPoints, expected) => {
    expect(percentOf(amount, basisPoints)).toBe(expected);
  });

  it.each([
    [-1, 100, "amount"],
    [1.5, 100, "amount"],
    [100, -1, "basisPoints"],
    [100, 0.5, "basisPoints"],
  ])("rejects percentOf(%d, %d)", (amount, basisPoints, field) => {
    expect(errorOf(() => percentOf(amount, basisPoints)).field).toBe(field);
  });
});

describe("proportionOf (half up, numerator capped at denominator)", () => {
  it.each([
    [1000, 1000, 3000, 333], // 333.33
    [1000, 2000, 3000, 667], // 666.67
    [1000, 3000, 3000, 1000],
    [1000, 4000, 3000, 1000], // capped: never more than the amount
    [3, 1, 2, 2], // 1.5
    [5, 1, 2, 3], // 2.5
    [0, 5, 7, 0],
    [100, 0, 7, 0],
  ])("proportionOf(%i, %i, %i) = %i", (amount, numerator, denominator, expected) => {
    expect(proportionOf(amount, numerator, denominator)).toBe(expected);
  });

  it.each([
    [100, 1, 0, "denominator"],
    [-100, 1, 2, "amount"],
    [100, 1.5, 2, "numerator"],
    [100, -1, 2, "numerator"],
  ])("rejects proportionOf(%d, %d, %d)", (amount, numerator, denominator, field) => {
    expect(errorOf(() => proportionOf(amount, numerator, denominator)).field).toBe(field);
  });
});

describe("divideHalfUp", () => {
  it.each([
    [5n, 2n, 3],
    [4n, 2n, 2],
    [1249n, 10000n, 0],
    [5000n, 10000n, 1],
  ])("%i / %i = %i", (numerator, denominator, expected) => {
    expect(divideHalfUp(numerator, denominator)).toBe(expected);
  });

  it("rejects a negative numerator and a zero denominator", () => {
    expect(() => divideHalfUp(-1n, 2n)).toThrow(DomainError);
    expect(() => divideHalfUp(1n, 0n)).toThrow(DomainError);
  });
});
