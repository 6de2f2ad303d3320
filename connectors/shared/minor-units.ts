import { z } from "zod";

/**
 * Integer minor units sent as a string ("65215") or an integer (6521): parsed exactly, never through a float
 * division. Rejects decimals, exponents and anything beyond 2^53.
 */
export const minorUnitsSchema = z.union([z.string().regex(/^-?\d+$/, "an integer amount in minor units"), z.number().int()]).transform((value, context) => {
  const parsed = typeof value === "number" ? value : Number(value);
  if (!Number.isSafeInteger(parsed)) {
    context.addIssue({ code: "custom", message: "amount is beyond 2^53 minor units" });
    return z.NEVER;
  }
  return parsed;
});
