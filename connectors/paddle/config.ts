import { z } from "zod";

/** Paddle's SDKs reject a Paddle-Signature whose `ts` is more than 5 s old. */
export const PADDLE_TOLERANCE_SECONDS = 5;

export const paddleConfigSchema = z
  .object({
    signature: z.object({ tolerance_seconds: z.number().int().min(1).max(3600).optional() }).strict().optional(),
  })
  .strict();

export const paddleToleranceOf = (config: Record<string, unknown> | undefined): number => {
  const parsed = paddleConfigSchema.safeParse(config ?? {});
  return (parsed.success && parsed.data.signature?.tolerance_seconds) || PADDLE_TOLERANCE_SECONDS;
};
