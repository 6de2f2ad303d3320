import { z } from "zod";

export const chargebeeConfigSchema = z
  .object({
    /** For sites whose events carry no currency_code (Chargebee API v1): the site's currency. */
    currency: z.string().regex(/^[A-Z]{3}$/, "a three-letter ISO 4217 code in capitals").optional(),
  })
  .strict();
export type ChargebeeConfig = z.infer<typeof chargebeeConfigSchema>;

export const chargebeeConfigOf = (config: Record<string, unknown> | undefined): ChargebeeConfig => {
  const parsed = chargebeeConfigSchema.safeParse(config ?? {});
  return parsed.success ? parsed.data : {};
};
