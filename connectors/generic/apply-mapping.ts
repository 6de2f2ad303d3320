import { normalizedEventSchema, type Evidence, type NormalizedEvent } from "../../domain/ingest/normalized-event";
import { parseMinorUnits } from "../../domain/shared/money";
import type { NormalizeResult } from "../types";
import type { GenericMapping } from "./config";
import { readJsonPath } from "./json-path";

/** Why a payload does not fit its mapping; becomes the ignored reason the merchant sees. */
class MappingProblem extends Error {}

type Fields = Record<string, string | undefined>;

/** A field's value: read from the payload when it is a JSON path, else the constant itself. */
function valueOf(fields: Fields, name: string, payload: unknown): unknown {
  const expression = fields[name];
  if (expression === undefined) return undefined;
  return expression.startsWith("$") ? readJsonPath(payload, expression) : expression;
}

function textOf(fields: Fields, name: string, payload: unknown): string | undefined {
  const value = valueOf(fields, name, payload);
  if (typeof value === "string") return value.trim() || undefined;
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  if (typeof value === "boolean") return String(value);
  if (value === undefined || value === null) return undefined;
  throw new MappingProblem(`${name} (${fields[name]}) is an ${Array.isArray(value) ? "array" : "object"}, not a value`);
}

function requiredText(fields: Fields, name: string, payload: unknown): string {
  const text = textOf(fields, name, payload);
  if (text === undefined) throw new MappingProblem(`${name} (${fields[name]}) is missing from the payload`);
  return text;
}

function currencyOf(fields: Fields, payload: unknown): string {
  const currency = requiredText(fields, "currency", payload).toUpperCase();
  if (!/^[A-Z]{3}$/.test(currency)) throw new MappingProblem(`currency (${fields.currency}) is "${currency}", not a three-letter ISO 4217 code`);
  return currency;
}

/** Exact integer minor units: "49.90"/49.9 (decimal) or 4990/"4990" (minor); never through a float product. */
function moneyOf(fields: Fields, name: string, payload: unknown, currency: string, format: "decimal" | "minor"): number | undefined {
  const text = name === "amount" ? requiredText(fields, name, payload) : textOf(fields, name, payload);
  if (text === undefined) return undefined;
  let amount: number;
  if (format === "minor") {
    if (!/^\d+$/.test(text)) throw new MappingProblem(`${name} (${fields[name]}) is "${text}", not whole minor units`);
    amount = Number(text);
  } else {
    try {
      amount = parseMinorUnits(text, currency, name);
    } catch {
      throw new MappingProblem(`${name} (${fields[name]}) is "${text}", not an amount in ${currency}`);
    }
  }
  if (!Number.isSafeInteger(amount) || amount < 0) throw new MappingProblem(`${name} (${fields[name]}) must be a positive amount`);
  return amount;
}

/** ISO text, or unix seconds / milliseconds; the delivery's arrival when the mapping names no time. */
function timeOf(fields: Fields, payload: unknown, fallback: Date | undefined): string {
  const value = valueOf(fields, "occurred_at", payload);
  const numeric = typeof value === "number" || (typeof value === "string" && /^\d{9,13}$/.test(value)) ? Number(value) : undefined;
  const time = numeric !== undefined ? new Date(numeric < 1e11 ? numeric * 1000 : numeric) : typeof value === "string" ? new Date(value) : fallback;
  if (!time || Number.isNaN(time.getTime())) {
    throw new MappingProblem(value === undefined ? "occurred_at is not mapped and the delivery time is unknown" : `occurred_at (${fields.occurred_at}) is not a time`);
  }
  return time.toISOString();
}

function evidenceOf(fields: Fields, payload: unknown): Evidence {
  const coupon = valueOf(fields, "coupon", payload);
  const couponCodes = (Array.isArray(coupon) ? coupon : [coupon]).filter((code): code is string => typeof code === "string" && code.trim() !== "").map((code) => code.trim());
  const referralKey = textOf(fields, "referral", payload);
  const clickId = textOf(fields, "click_id", payload);
  return { couponCodes, ...(referralKey ? { referralKey, referralKeySource: "mapping" } : {}), ...(clickId ? { clickId } : {}) };
}

function customerOf(fields: Fields, payload: unknown) {
  const externalId = textOf(fields, "customer_id", payload);
  const email = textOf(fields, "email", payload);
  const name = textOf(fields, "name", payload);
  if (!externalId && !email) return undefined;
  return { provider: "generic", ...(externalId ? { externalId } : {}), ...(email ? { email } : {}), ...(name ? { name } : {}) };
}

const renewalValues = new Set(["renewal", "recurring", "true"]);

function eventOf(mapping: GenericMapping, payload: unknown, receivedAt: Date | undefined): NormalizedEvent {
  const fields: Fields = mapping.fields;
  const occurredAt = timeOf(fields, payload, receivedAt);
  switch (mapping.kind) {
    case "transaction": {
      const currency = currencyOf(fields, payload);
      const customer = customerOf(fields, payload);
      const tax = moneyOf(fields, "tax", payload, currency, mapping.amount_format);
      return {
        type: "sale",
        externalId: requiredText(fields, "transaction_id", payload),
        kind: renewalValues.has(textOf(fields, "kind", payload)?.toLowerCase() ?? "") ? "renewal" : "sale",
        amount: moneyOf(fields, "amount", payload, currency, mapping.amount_format)!,
        currency,
        ...(tax !== undefined ? { tax } : {}),
        occurredAt,
        ...(customer ? { customer } : {}),
        evidence: evidenceOf(fields, payload),
        lines: [],
      };
    }
    case "customer":
    case "newsletter_subscriber": {
      const customer = customerOf(fields, payload);
      if (!customer) throw new MappingProblem("neither customer_id nor email is in the payload");
      if (mapping.kind === "newsletter_subscriber") requiredText(fields, "email", payload);
      const program = mapping.kind === "newsletter_subscriber" ? { program: mapping.program_id ? { id: mapping.program_id } : { type: "newsletter" as const } } : {};
      return { type: "customer", customer, evidence: evidenceOf(fields, payload), occurredAt, ...program };
    }
    case "lead": {
      const name = textOf(fields, "name", payload);
      return {
        type: "lead",
        email: requiredText(fields, "email", payload),
        ...(name ? { name } : {}),
        partnerKey: requiredText(fields, "partner_key", payload),
        ...(mapping.program_id ? { programId: mapping.program_id } : {}),
        occurredAt,
      };
    }
  }
}

/** What a mapping makes of one payload: one domain event, or the reason it cannot (a field missing or malformed). Pure. */
export function applyMapping(mapping: GenericMapping, payload: unknown, receivedAt?: Date): NormalizeResult {
  let event: NormalizedEvent;
  try {
    event = eventOf(mapping, payload, receivedAt);
  } catch (error) {
    if (error instanceof MappingProblem) return { ignored: `mapping: ${error.message}` };
    throw error;
  }
  const checked = normalizedEventSchema.safeParse(event);
  if (!checked.success) {
    const issue = checked.error.issues[0]!;
    return { ignored: `mapping: ${issue.path.join(".") || "event"} ${issue.message}` };
  }
  return { events: [event] };
}
