import { z } from "zod";
import { JsonPathError, parseJsonPath } from "./json-path";

/** Standard Webhooks libraries reject timestamps more than 5 minutes off. */
export const STANDARD_WEBHOOKS_TOLERANCE_SECONDS = 300;

/** A field of a mapping: a JSON-path expression (`$.customer.email`) read from the payload, or any other string used as it is. */
const field = z
  .string()
  .min(1)
  .max(500)
  .superRefine((value, context) => {
    if (!value.startsWith("$")) return;
    try {
      parseJsonPath(value);
    } catch (error) {
      if (!(error instanceof JsonPathError)) throw error;
      context.addIssue({ code: "custom", message: `invalid JSON path: ${error.message}` });
    }
  });

/** Event id and type are always read from the payload: a constant id would make every delivery a duplicate. */
const path = field.refine((value) => value.startsWith("$"), "must be a JSON path starting with $");
const evidenceFields = { referral: field.optional(), coupon: field.optional(), click_id: field.optional() };
const common = { event_id: path.optional(), event_type: path.optional() };

const mappingSchema = z.discriminatedUnion("kind", [
  z
    .object({
      kind: z.literal("transaction"),
      ...common,
      /** "decimal": "49.90" or 49.9 in major units; "minor": 4990. */
      amount_format: z.enum(["decimal", "minor"]).default("decimal"),
      fields: z
        .object({
          transaction_id: field,
          amount: field,
          currency: field,
          tax: field.optional(),
          kind: field.optional(),
          customer_id: field.optional(),
          email: field.optional(),
          name: field.optional(),
          occurred_at: field.optional(),
          ...evidenceFields,
        })
        .strict(),
    })
    .strict(),
  z
    .object({
      kind: z.literal("customer"),
      ...common,
      fields: z
        .object({ customer_id: field.optional(), email: field.optional(), name: field.optional(), occurred_at: field.optional(), ...evidenceFields })
        .strict()
        .refine((fields) => fields.customer_id !== undefined || fields.email !== undefined, "a customer mapping needs customer_id or email"),
    })
    .strict(),
  z
    .object({
      kind: z.literal("newsletter_subscriber"),
      ...common,
      /** The program the subscriber joins; the shop's oldest newsletter program when absent. */
      program_id: z.uuid().optional(),
      fields: z.object({ email: field, name: field.optional(), customer_id: field.optional(), occurred_at: field.optional(), ...evidenceFields }).strict(),
    })
    .strict(),
  z
    .object({
      kind: z.literal("lead"),
      ...common,
      /** The partner's program when absent. */
      program_id: z.uuid().optional(),
      fields: z.object({ email: field, partner_key: field, name: field.optional(), occurred_at: field.optional() }).strict(),
    })
    .strict(),
]);
export type GenericMapping = z.infer<typeof mappingSchema>;
export { mappingSchema as genericMappingSchema };

const signatureSchema = z.discriminatedUnion("scheme", [
  z.object({ scheme: z.literal("standard_webhooks"), tolerance_seconds: z.number().int().min(1).max(3600).optional() }).strict(),
  z
    .object({
      scheme: z.literal("hmac"),
      /** The header the sender puts its signature in, e.g. X-Signature. */
      header: z.string().regex(/^[A-Za-z0-9-]{1,100}$/, "an HTTP header name"),
      algorithm: z.enum(["sha256", "sha512", "sha1"]).default("sha256"),
      encoding: z.enum(["hex", "base64"]).default("hex"),
      /** Text before the signature in the header, e.g. "sha256=". */
      prefix: z.string().max(40).optional(),
    })
    .strict(),
]);
export type GenericSignature = z.infer<typeof signatureSchema>;

export const genericConfigSchema = z.object({ signature: signatureSchema.optional(), mapping: mappingSchema.optional() }).strict();
export type GenericConfig = z.infer<typeof genericConfigSchema>;

/** The stored config, parsed; a config that no longer parses reads as empty (Standard Webhooks, no mapping). */
export const genericConfigOf = (config: Record<string, unknown> | undefined): GenericConfig => {
  const parsed = genericConfigSchema.safeParse(config ?? {});
  return parsed.success ? parsed.data : {};
};
