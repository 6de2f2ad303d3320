import { z } from "zod";
import { minorUnitsSchema } from "../shared/minor-units";

/** Only the fields the Paddle connector reads; everything else passes through (loose objects). */

const customData = z.record(z.string(), z.unknown()).nullish();
export type PaddleCustomData = z.infer<typeof customData>;

export const paddleEventSchema = z.looseObject({
  event_id: z.string().min(1),
  event_type: z.string().min(1),
  occurred_at: z.string(),
  data: z.unknown(),
});

export const paddleTransactionSchema = z.looseObject({
  id: z.string(),
  status: z.string(),
  origin: z.string().nullish(),
  customer_id: z.string().nullish(),
  subscription_id: z.string().nullish(),
  discount_id: z.string().nullish(),
  currency_code: z.string(),
  custom_data: customData,
  billed_at: z.string().nullish(),
  created_at: z.string().nullish(),
  details: z.looseObject({ totals: z.looseObject({ total: minorUnitsSchema, tax: minorUnitsSchema.nullish() }) }),
});

export const paddleAdjustmentSchema = z.looseObject({
  id: z.string(),
  action: z.string(),
  status: z.string(),
  transaction_id: z.string(),
  currency_code: z.string(),
  created_at: z.string().nullish(),
  updated_at: z.string().nullish(),
  totals: z.looseObject({ total: minorUnitsSchema, tax: minorUnitsSchema.nullish() }),
});

export const paddleSubscriptionSchema = z.looseObject({
  id: z.string(),
  customer_id: z.string().nullish(),
  custom_data: customData,
  discount: z.looseObject({ id: z.string() }).nullish(),
});

export const paddleCustomerSchema = z.looseObject({
  id: z.string(),
  email: z.string().nullish(),
  name: z.string().nullish(),
  custom_data: customData,
});

export const paddleDiscountSchema = z.looseObject({
  id: z.string(),
  code: z.string().nullish(),
  status: z.string(),
  custom_data: customData,
});
