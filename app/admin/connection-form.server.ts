import { z } from "zod";
import { genericMappingSchema } from "../../connectors/generic/config";
import { appConfig } from "../shopify.server";

type Fields = Record<string, string | string[]>;

export const connectionWebhookUrl = (provider: string, id: string) => new URL(`/webhooks/billing/${provider}/${id}`, appConfig().shopify.appUrl).toString();

export interface MappingKind {
  kind: string;
  fields: Array<{ name: string; required: boolean }>;
  /** Settings beside the fields: amount_format (transaction), program_id (newsletter subscriber, lead). */
  options: string[];
}

const isRequired = (schema: z.ZodType) => !schema.safeParse(undefined).success;

/** Each mapping kind with its fields, read from the connector's own schema so the form never drifts from it. */
export const mappingKinds: MappingKind[] = genericMappingSchema.options.map((option) => {
  const shape = option.shape as Record<string, z.ZodType>;
  const fields = (option.shape.fields as z.ZodObject).shape as Record<string, z.ZodType>;
  return {
    kind: option.shape.kind.value,
    fields: Object.entries(fields).map(([name, schema]) => ({ name, required: isRequired(schema) })),
    options: Object.keys(shape).filter((key) => !["kind", "event_id", "event_type", "fields"].includes(key)),
  };
});

const text = (fields: Fields, name: string): string | undefined => {
  const value = fields[`config.${name}`];
  const first = (Array.isArray(value) ? value[0] : value)?.trim();
  return first ? first : undefined;
};
/** A whole number as a number; anything else as typed, for the schema to name the field. */
const numberOf = (value: string | undefined) => (value !== undefined && /^\d{1,9}$/.test(value) ? Number(value) : value);
const defined = (entries: Record<string, unknown>) => Object.fromEntries(Object.entries(entries).filter(([, value]) => value !== undefined));

/** The mapping the form describes (unchecked), or null when no kind is chosen. Fields of other kinds are not posted. */
export function mappingOfForm(fields: Fields): Record<string, unknown> | null {
  const kind = mappingKinds.find((k) => k.kind === text(fields, "mapping.kind"));
  if (!kind) return text(fields, "mapping.kind") === undefined ? null : { kind: text(fields, "mapping.kind") };
  return defined({
    kind: kind.kind,
    event_id: text(fields, "mapping.event_id"),
    event_type: text(fields, "mapping.event_type"),
    ...Object.fromEntries(kind.options.map((option) => [option, text(fields, `mapping.${option}`)])),
    fields: defined(Object.fromEntries(kind.fields.map((field) => [field.name, text(fields, `mapping.fields.${field.name}`)]))),
  });
}

/** The top-level config keys the connection page edits for this provider; null removes a key (the default applies). */
export function configChangesOfForm(provider: string, fields: Fields): Record<string, unknown> {
  switch (provider) {
    case "paddle": {
      const tolerance = text(fields, "signature.tolerance_seconds");
      return { signature: tolerance === undefined ? null : { tolerance_seconds: numberOf(tolerance) } };
    }
    case "chargebee":
      return { currency: text(fields, "currency") ?? null };
    case "generic": {
      const scheme = text(fields, "signature.scheme") ?? "standard_webhooks";
      const tolerance = text(fields, "signature.tolerance_seconds");
      const signature =
        scheme === "hmac"
          ? defined({
              scheme,
              header: text(fields, "signature.header") ?? "",
              algorithm: text(fields, "signature.algorithm"),
              encoding: text(fields, "signature.encoding"),
              prefix: text(fields, "signature.prefix"),
            })
          : scheme === "standard_webhooks" && tolerance === undefined
          ? null
          : defined({ scheme, tolerance_seconds: numberOf(tolerance) });
      return { signature, mapping: mappingOfForm(fields) };
    }
    default:
      return {};
  }
}

/** The mapping the form describes, checked by the connector's schema; a problem names its form field (`config.mapping.fields.email`). */
export function parseMappingOfForm(fields: Fields) {
  const mapping = mappingOfForm(fields);
  if (mapping === null) throw new z.ZodError([{ code: "custom", path: ["config", "mapping", "kind"], message: "choose what the payload maps to", input: undefined }]);
  return z.object({ config: z.object({ mapping: genericMappingSchema }) }).parse({ config: { mapping } }).config.mapping;
}
