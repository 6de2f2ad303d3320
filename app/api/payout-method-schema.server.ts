import { z, ZodError } from "zod";
import { ApiError, zodErrorResponse } from "./errors.server";

const text = (max = 200) => z.string().trim().min(1).max(max);

/**
 * `payout_method` on PATCH /api/v1/partners/:key: an object naming the method and its details
 * (`{"type":"paypal","email":...}`), or, as before, the method's name alone with `payout_details` beside it.
 */
export const payoutMethodSchema = z.union([z.enum(["paypal", "wise", "bank", "store_credit", "manual"]), z.looseObject({ type: z.string() })]);

const methodObject = z.discriminatedUnion("type", [
  z.object({ type: z.literal("paypal"), email: z.email() }).strict(),
  z.object({ type: z.literal("wise"), email: z.email(), name: text().optional(), receiver_type: z.enum(["PRIVATE", "BUSINESS"]).optional() }).strict(),
  z
    .object({
      type: z.literal("bank"),
      account_holder: text(),
      iban: text(34).optional(),
      account_number: text(34).optional(),
      routing_number: text(34).optional(),
      swift: text(11).optional(),
      bank_name: text().optional(),
    })
    .strict(),
  z.object({ type: z.literal("store_credit") }).strict(),
  z.object({ type: z.literal("manual"), note: text(500).optional() }).strict(),
]);

/** The partner columns the parsed value sets: the method, and its details when given as an object. */
export function payoutMethodPatch(value: z.infer<typeof payoutMethodSchema> | null | undefined, details: Record<string, string> | undefined) {
  if (value === undefined || value === null || typeof value === "string") return { payoutMethod: value, payoutDetails: details };
  if (details) throw new ApiError(400, "validation_error", "give the details inside payout_method, not in payout_details too", "payout_details");
  const parsed = methodObject.safeParse(value);
  // Name the field inside payout_method (payout_method.email), not just payout_method.
  if (!parsed.success) throw zodErrorResponse(new ZodError(parsed.error.issues.map((i) => ({ ...i, path: ["payout_method", ...i.path] }))));
  const { type, ...rest } = parsed.data;
  return { payoutMethod: type, payoutDetails: { ...(rest as Record<string, string>) } };
}
