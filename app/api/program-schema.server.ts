import { z } from "zod";
import type { ProgramInput } from "../../domain/programs/create-program";
import type { ProgramPatch } from "../../domain/programs/update-program";

const minor = z.number().int("must be an integer of minor units").min(0).max(Number.MAX_SAFE_INTEGER);
/** A percentage with at most two decimals, turned into basis points of a percent (12.5 -> 1250). */
const percent = z
  .number()
  .min(0)
  .max(100)
  .refine((p) => Math.abs(p * 100 - Math.round(p * 100)) < 1e-9, "must have at most two decimals")
  .transform((p) => Math.round(p * 100));

export const commissionSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("percentage"), percent }).strict(),
  z.object({ type: z.literal("fixed"), amount: minor, per: z.enum(["order", "item"]).default("order") }).strict(),
]);

const recurring = z
  .object({
    percent: percent.optional(),
    amount: minor.optional(),
    max_months: z.number().int().min(1).max(600).optional(),
    max_payments: z.number().int().min(1).max(1000).optional(),
  })
  .strict()
  .refine((r) => !(r.percent !== undefined && r.amount !== undefined), { message: "give percent or amount, not both", path: ["percent"] });

const tier = z
  .object({
    threshold_amount: minor.optional(),
    threshold_count: z.number().int().min(1).optional(),
    percent: percent.optional(),
    amount: minor.optional(),
  })
  .strict()
  .refine((t) => (t.threshold_amount === undefined) !== (t.threshold_count === undefined), {
    message: "give exactly one of threshold_amount or threshold_count",
    path: ["threshold_amount"],
  })
  .refine((t) => (t.percent === undefined) !== (t.amount === undefined), { message: "give exactly one of percent or amount", path: ["percent"] });

const productOverride = z
  .object({
    product_id: z.string().trim().min(1).max(255).optional(),
    collection_id: z.string().trim().min(1).max(255).optional(),
    percent: percent.optional(),
    amount: minor.optional(),
  })
  .strict()
  .refine((o) => (o.product_id === undefined) !== (o.collection_id === undefined), {
    message: "give exactly one of product_id or collection_id",
    path: ["product_id"],
  })
  .refine((o) => (o.percent === undefined) !== (o.amount === undefined), { message: "give exactly one of percent or amount", path: ["percent"] });

const tierPeriod = z.union([z.enum(["month", "lifetime"]), z.object({ days: z.number().int().min(1).max(3650) }).strict()]);

const programFields = {
  name: z.string().trim().min(1).max(200),
  type: z.enum(["affiliate", "referral", "newsletter"]),
  currency: z.string().regex(/^[A-Za-z]{3}$/, "must be an ISO 4217 code such as USD").transform((c) => c.toUpperCase()),
  cookie_days: z.number().int().min(1).max(3650).nullable(),
  attribution: z.enum(["first_click", "last_click"]),
  hold_days: z.number().int().min(0).max(365),
  payout_threshold: minor,
  commission: commissionSchema,
  recurring: recurring.nullable(),
  tiers: z.array(tier).max(20),
  tier_period: tierPeriod,
  product_overrides: z.array(productOverride).max(200),
  link_params: z.array(z.string().regex(/^[a-z][a-z0-9_]{0,19}$/, "must be a lowercase query parameter name")).min(1).max(5),
  lead_submission: z.boolean(),
  auto_approve_partners: z.boolean(),
  include_tax: z.boolean(),
  include_shipping: z.boolean(),
};

export const createProgramBody = z
  .object({
    ...programFields,
    /** Absent: the shop's own currency. */
    currency: programFields.currency.optional(),
    cookie_days: programFields.cookie_days.default(30),
    attribution: programFields.attribution.default("last_click"),
    hold_days: programFields.hold_days.default(30),
    payout_threshold: programFields.payout_threshold.default(0),
    recurring: programFields.recurring.optional(),
    tiers: programFields.tiers.optional(),
    tier_period: programFields.tier_period.optional(),
    product_overrides: programFields.product_overrides.optional(),
    link_params: programFields.link_params.optional(),
    lead_submission: programFields.lead_submission.optional(),
    auto_approve_partners: programFields.auto_approve_partners.optional(),
    include_tax: programFields.include_tax.optional(),
    include_shipping: programFields.include_shipping.optional(),
  })
  .strict();

const { type: _type, currency: _currency, ...editable } = programFields;
export const updateProgramBody = z.object(editable).partial().strict();

export type CreateProgramBody = z.infer<typeof createProgramBody>;
export type UpdateProgramBody = z.infer<typeof updateProgramBody>;

export const toTierPeriod = (p: z.infer<typeof tierPeriod>) => (typeof p === "string" ? { kind: p } : { kind: "rolling" as const, days: p.days });
export const toCommission = (c: z.infer<typeof commissionSchema>) =>
  c.type === "percentage" ? { kind: "percentage" as const, percentBasisPoints: c.percent } : { kind: "fixed" as const, amount: c.amount, per: c.per };
export const toRecurring = (r: z.infer<typeof recurring> | null) =>
  r && { percentBasisPoints: r.percent, amount: r.amount, maxMonths: r.max_months, maxPayments: r.max_payments };
export const toTiers = (tiers: z.infer<typeof tier>[]) =>
  tiers.map((t) => ({ thresholdAmount: t.threshold_amount, thresholdCount: t.threshold_count, percentBasisPoints: t.percent, amount: t.amount }));

export const toProductOverrides = (overrides: z.infer<typeof productOverride>[]) =>
  overrides.map((o) => ({ productId: o.product_id, collectionId: o.collection_id, percentBasisPoints: o.percent, amount: o.amount }));

export function toProgramInput(body: CreateProgramBody, shopCurrency: string): ProgramInput {
  return {
    name: body.name,
    type: body.type,
    currency: body.currency ?? shopCurrency,
    cookieDays: body.cookie_days,
    attribution: body.attribution,
    holdDays: body.hold_days,
    payoutThreshold: body.payout_threshold,
    commission: toCommission(body.commission),
    recurring: body.recurring === undefined ? undefined : toRecurring(body.recurring),
    tiers: body.tiers && toTiers(body.tiers),
    tierPeriod: body.tier_period && toTierPeriod(body.tier_period),
    productOverrides: body.product_overrides && toProductOverrides(body.product_overrides),
    linkParams: body.link_params,
    leadSubmission: body.lead_submission,
    autoApprovePartners: body.auto_approve_partners,
    includeTax: body.include_tax,
    includeShipping: body.include_shipping,
  };
}

/** The domain patch of a PATCH body (API) or program edit form (admin): only what the body names changes. */
export function toProgramPatch(body: UpdateProgramBody): ProgramPatch {
  return {
    name: body.name,
    cookieDays: body.cookie_days,
    attribution: body.attribution,
    holdDays: body.hold_days,
    payoutThreshold: body.payout_threshold,
    linkParams: body.link_params,
    leadSubmission: body.lead_submission,
    autoApprovePartners: body.auto_approve_partners,
    includeTax: body.include_tax,
    includeShipping: body.include_shipping,
    commission: body.commission && toCommission(body.commission),
    recurring: body.recurring === undefined ? undefined : toRecurring(body.recurring),
    tiers: body.tiers && toTiers(body.tiers),
    tierPeriod: body.tier_period && toTierPeriod(body.tier_period),
    productOverrides: body.product_overrides && toProductOverrides(body.product_overrides),
  };
}
