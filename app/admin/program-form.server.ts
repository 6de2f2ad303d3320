import { z } from "zod";
import { parseMinorUnits } from "../../domain/shared/money";
import { DomainError } from "../../domain/shared/errors";
import { createProgramBody, updateProgramBody } from "../api/program-schema.server";
import { OVERRIDE_ROWS, TIER_ROWS } from "../components/program-form";


const text = (form: FormData, name: string) => {
  const value = form.get(name);
  return typeof value === "string" ? value.trim() : "";
};
const optionalNumber = (form: FormData, name: string) => (text(form, name) === "" ? undefined : Number(text(form, name)));
const checked = (form: FormData, name: string) => form.get(name) === "on";

/** A decimal money field in minor units; a wrong value names the field. */
function money(form: FormData, name: string, currency: string): number | undefined {
  const value = text(form, name);
  if (value === "") return undefined;
  if (!/^[A-Za-z]{3}$/.test(currency)) return undefined; // the currency field reports its own error
  try {
    return parseMinorUnits(value, currency.toUpperCase(), name);
  } catch (error) {
    if (error instanceof DomainError) {
      // Tier and override fields report under their row ("tiers.1"), like the schema's errors.
      const field = name.startsWith("tiers.") || name.startsWith("product_overrides.") ? name.split(".").slice(0, 2).join(".") : name;
      throw new z.ZodError([{ code: "custom", path: [field], message: error.message.replace(/^[\w.]+ /, ""), input: value }]);
    }
    throw error;
  }
}

/** The tier rows the merchant filled in, by their row number in the form. */
const filledTierRows = (form: FormData) =>
  Array.from({ length: TIER_ROWS }, (_, i) => i).filter((i) => text(form, `tiers.${i}.threshold`) !== "" || text(form, `tiers.${i}.value`) !== "");

/** The product/collection override rows the merchant filled in, by their row number in the form. */
const filledOverrideRows = (form: FormData) =>
  Array.from({ length: OVERRIDE_ROWS }, (_, i) => i).filter(
    (i) => text(form, `product_overrides.${i}.target`) !== "" || text(form, `product_overrides.${i}.value`) !== "",
  );

/**
 * The program form, read into the REST API's JSON shape and checked by the API's own schema, so the admin and
 * the API accept exactly the same settings. Errors carry the form's field names ("commission.percent", "tiers.1").
 */
function programBody(form: FormData, currency: string) {
  const commissionType = text(form, "commission.type") || "percentage";
  const tiers = filledTierRows(form).map((i) => {
      const byCount = text(form, `tiers.${i}.threshold_type`) === "count";
      const byAmount = text(form, `tiers.${i}.value_type`) === "amount";
      return {
        ...(byCount ? { threshold_count: optionalNumber(form, `tiers.${i}.threshold`) } : { threshold_amount: money(form, `tiers.${i}.threshold`, currency) }),
        ...(byAmount ? { amount: money(form, `tiers.${i}.value`, currency) } : { percent: optionalNumber(form, `tiers.${i}.value`) }),
      };
    });
  const productOverrides = filledOverrideRows(form).map((i) => {
    const target = text(form, `product_overrides.${i}.target`) || undefined;
    const byCollection = text(form, `product_overrides.${i}.target_type`) === "collection";
    const byAmount = text(form, `product_overrides.${i}.value_type`) === "amount";
    return {
      ...(byCollection ? { collection_id: target } : { product_id: target }),
      ...(byAmount ? { amount: money(form, `product_overrides.${i}.value`, currency) } : { percent: optionalNumber(form, `product_overrides.${i}.value`) }),
    };
  });
  const tierPeriod = text(form, "tier_period") || "month";
  const cookieDays = text(form, "cookie_days");
  return {
    name: text(form, "name"),
    cookie_days: cookieDays === "" ? null : Number(cookieDays),
    attribution: text(form, "attribution"),
    hold_days: optionalNumber(form, "hold_days") ?? 0,
    payout_threshold: money(form, "payout_threshold", currency) ?? 0,
    commission:
      commissionType === "fixed"
        ? { type: "fixed", amount: money(form, "commission.amount", currency), per: text(form, "commission.per") || "order" }
        : { type: "percentage", percent: optionalNumber(form, "commission.percent") },
    recurring: checked(form, "recurring.enabled")
      ? {
          percent: optionalNumber(form, "recurring.percent"),
          max_months: optionalNumber(form, "recurring.max_months"),
          max_payments: optionalNumber(form, "recurring.max_payments"),
        }
      : null,
    tiers,
    product_overrides: productOverrides,
    tier_period: tierPeriod === "rolling" ? { days: optionalNumber(form, "tier_period.days") } : tierPeriod,
    link_params: text(form, "link_params")
      .split(",")
      .map((p) => p.trim())
      .filter(Boolean),
    lead_submission: checked(form, "lead_submission"),
    auto_approve_partners: checked(form, "auto_approve_partners"),
    include_tax: checked(form, "include_tax"),
    include_shipping: checked(form, "include_shipping"),
  };
}

/** Tier problems are shown under their row (the n-th filled tier is not always row n). */
function onFormFields(error: z.ZodError, rows: { tiers: number[]; overrides: number[] }): z.ZodError {
  return new z.ZodError(
    error.issues.map((issue) => {
      const [head, index] = issue.path;
      if (head === "tiers" && typeof index === "number") return { ...issue, path: ["tiers", String(rows.tiers[index] ?? index)] };
      if (head === "product_overrides" && typeof index === "number") {
        return { ...issue, path: ["product_overrides", String(rows.overrides[index] ?? index)] };
      }
      if (head === "tier_period" && issue.path.length > 1) return { ...issue, path: ["tier_period.days"] };
      return issue;
    }),
  );
}

function parseWith<S extends z.ZodType>(schema: S, body: unknown, form: FormData): z.infer<S> {
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw onFormFields(parsed.error, { tiers: filledTierRows(form), overrides: filledOverrideRows(form) });
  return parsed.data;
}

/** An empty currency field means the shop's own currency. */
export function parseNewProgramForm(form: FormData, shopCurrency: string) {
  const currency = (text(form, "currency") || shopCurrency).toUpperCase();
  return parseWith(createProgramBody, { ...programBody(form, currency), type: text(form, "type"), currency }, form);
}

export function parseProgramEditForm(form: FormData, currency: string) {
  return parseWith(updateProgramBody, programBody(form, currency), form);
}
