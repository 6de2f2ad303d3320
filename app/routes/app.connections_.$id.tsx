import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSubmit } from "@remix-run/react";
import { Banner, BlockStack, Box, Button, FormLayout, InlineError, InlineStack, Layout, Page, Text } from "@shopify/polaris";
import { useRef, useState } from "react";
import { z } from "zod";
import { findProviderConnectionOrThrow } from "../../domain/access/find-provider-connection-or-throw";
import { updateProviderConnection } from "../../domain/access/update-provider-connection";
import { recentInboundEventsOfConnection } from "../../domain/ingest/recent-inbound-events";
import { DomainError } from "../../domain/shared/errors";
import { configChangesOfForm, connectionWebhookUrl, mappingKinds, parseMappingOfForm, type MappingKind } from "../admin/connection-form.server";
import { formAction, formFields } from "../admin/form.server";
import { requireShop } from "../admin/require-shop.server";
import { connectorOfOrThrow, mappingTestJson, parseMergedConfig, payloadJson } from "../api/connections.server";
import { CopyField } from "../components/copy-field";
import { SelectInput, TextInput } from "../components/form-fields";
import { SectionCard } from "../components/section-card";
import { formatDate } from "../components/format";
import { providerLabels } from "../components/provider-labels";
import { db } from "../db.server";

const PAYLOADS = 10;

async function load(request: Request, id: string) {
  const { shop } = await requireShop(request);
  try {
    return {
      shop,
      connection: await findProviderConnectionOrThrow(db(), shop.id, id),
    };
  } catch (error) {
    if (error instanceof DomainError && error.code === "not_found") throw new Response("Connection not found", { status: 404 });
    throw error;
  }
}

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { shop, connection } = await load(request, params.id!);
  const connector = connectorOfOrThrow(connection);
  const rows = await recentInboundEventsOfConnection(db(), shop.id, connection.id, PAYLOADS);
  return {
    connection: {
      id: connection.id,
      provider: connection.provider,
      name: connection.name,
      config: connection.config,
      createdAt: connection.createdAt,
    },
    webhookUrl: connectionWebhookUrl(connection.provider, connection.id),
    mappingKinds,
    payloads: rows.map((row) => payloadJson(connector, row, connection.config)),
  };
};

const nameField = z.object({ name: z.string().trim().max(200) });

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const { shop, connection } = await load(request, params.id!);
  const fields = formFields(await request.formData());
  return formAction(async () => {
    if (fields.intent === "test") {
      const mapping = parseMappingOfForm(fields);
      const test = await mappingTestJson(db(), shop.id, connection, mapping, String(fields.inbound_event_id ?? ""));
      return { ok: true as const, test };
    }
    const { name } = nameField.parse(fields);
    const parsed = parseMergedConfig(connectorOfOrThrow(connection), connection.config, configChangesOfForm(connection.provider, fields));
    if (!parsed.success) throw parsed.error;
    await updateProviderConnection(db(), shop.id, connection.id, {
      name: name || null,
      config: parsed.data.config,
    });
    return { ok: true as const, message: "Connection saved" };
  });
};

const kindLabels: Record<string, string> = {
  transaction: "Transaction",
  customer: "Customer",
  newsletter_subscriber: "Newsletter subscriber",
  lead: "Lead",
};

type Errors = Record<string, string> | undefined;
type Config = {
  signature?: Record<string, unknown>;
  mapping?: { kind?: string; fields?: Record<string, string> } & Record<string, unknown>;
  currency?: string;
};

const str = (value: unknown) => (value === undefined || value === null ? "" : String(value));
const json = (value: unknown) => JSON.stringify(value, null, 2);

function Code({ children }: { children: string }) {
  return (
    <Box background="bg-surface-secondary" padding="200" borderRadius="200">
      <pre
        style={{
          margin: 0,
          whiteSpace: "pre-wrap",
          wordBreak: "break-all",
          fontSize: 12,
        }}
      >
        {children}
      </pre>
    </Box>
  );
}

/** What a mapping produced: the domain events, or why it produced none. */
function Produced({ produced }: { produced: { events?: unknown; ignored?: string; error?: string } }) {
  if (produced.events) return <Code>{json(produced.events)}</Code>;
  return (
    <Text as="p" tone="critical">
      {produced.ignored ?? produced.error}
    </Text>
  );
}

function SignatureFields({ provider, signature, currency, errors }: { provider: string; signature: Record<string, unknown>; currency?: string; errors: Errors }) {
  const [scheme, setScheme] = useState(str(signature.scheme) || "standard_webhooks");
  const field = (name: string) => `config.signature.${name}`;
  if (provider === "paddle") {
    return (
      <TextInput
        name={field("tolerance_seconds")}
        label="Timestamp tolerance (seconds)"
        helpText="How old a Paddle-Signature ts may be. Empty: 5 s, as Paddle's SDKs."
        defaultValue={str(signature.tolerance_seconds)}
        errors={errors}
      />
    );
  }
  if (provider === "chargebee") {
    return (
      <TextInput
        name="config.currency"
        label="Site currency"
        helpText="Only for sites whose events carry no currency_code (API v1), e.g. EUR."
        defaultValue={currency}
        errors={errors}
      />
    );
  }
  if (provider !== "generic") {
    return (
      <Text as="p" tone="subdued">
        {providerLabels[provider] ?? provider} webhooks are verified with the signing secret only; there is nothing to set.
      </Text>
    );
  }
  return (
    <FormLayout>
      <SelectInput
        name={field("scheme")}
        label="Signature scheme"
        options={[
          {
            label: "Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature)",
            value: "standard_webhooks",
          },
          { label: "HMAC of the body in a header", value: "hmac" },
        ]}
        defaultValue={scheme}
        onChange={setScheme}
        errors={errors}
      />
      {scheme === "hmac" ? (
        <FormLayout.Group>
          <TextInput name={field("header")} label="Header" placeholder="X-Signature" defaultValue={str(signature.header)} errors={errors} />
          <SelectInput name={field("algorithm")} label="Algorithm" options={["sha256", "sha512", "sha1"]} defaultValue={str(signature.algorithm) || "sha256"} errors={errors} />
          <SelectInput name={field("encoding")} label="Encoding" options={["hex", "base64"]} defaultValue={str(signature.encoding) || "hex"} errors={errors} />
          <TextInput name={field("prefix")} label="Prefix" placeholder="sha256=" defaultValue={str(signature.prefix)} errors={errors} />
        </FormLayout.Group>
      ) : (
        <TextInput
          name={field("tolerance_seconds")}
          label="Timestamp tolerance (seconds)"
          helpText="Empty: 300 s."
          defaultValue={str(signature.tolerance_seconds)}
          errors={errors}
        />
      )}
    </FormLayout>
  );
}

function MappingHelp() {
  return (
    <Text as="p" tone="subdued">
      Each field is a JSON path into the payload: <code>$</code> is the payload, <code>.name</code> a key, <code>[0]</code> an array item, <code>[&apos;any key&apos;]</code> a key
      with spaces or dots, e.g. <code>$.data.customer.email</code> or <code>$.items[0][&apos;unit price&apos;]</code>. A value that does not start with <code>$</code> is used as it
      is (a constant, e.g. <code>EUR</code>). Event id and event type must be paths. Amounts are decimal (<code>49.90</code>) or whole minor units (<code>4990</code>) as the amount
      format says; times are ISO 8601 or unix seconds/milliseconds, the delivery&apos;s arrival when occurred_at is empty.
    </Text>
  );
}

function MappingFields({ kinds, mapping, errors }: { kinds: MappingKind[]; mapping: Config["mapping"]; errors: Errors }) {
  const [kind, setKind] = useState(mapping?.kind ?? "");
  const selected = kinds.find((k) => k.kind === kind);
  const saved = (name: string) => (mapping?.kind === kind ? str(mapping?.[name]) : "");
  const savedField = (name: string) => (mapping?.kind === kind ? str(mapping?.fields?.[name]) : "");
  return (
    <FormLayout>
      <SelectInput
        name="config.mapping.kind"
        label="The payload is a"
        options={[
          {
            label: "Nothing yet (deliveries are stored as ignored)",
            value: "",
          },
          ...kinds.map((k) => ({
            label: kindLabels[k.kind] ?? k.kind,
            value: k.kind,
          })),
        ]}
        defaultValue={kind}
        onChange={setKind}
        errors={errors}
      />
      {selected && (
        <BlockStack gap="300" key={kind}>
          <MappingHelp />
          <FormLayout.Group>
            <TextInput
              name="config.mapping.event_id"
              label="event_id"
              placeholder="e.g. $.id"
              helpText="Deliveries with the same id are one event"
              defaultValue={saved("event_id")}
              errors={errors}
            />
            <TextInput name="config.mapping.event_type" label="event_type" placeholder="e.g. $.type" defaultValue={saved("event_type")} errors={errors} />
          </FormLayout.Group>
          {selected.options.includes("amount_format") && (
            <SelectInput
              name="config.mapping.amount_format"
              label="Amount format"
              options={[
                { label: "Decimal (49.90)", value: "decimal" },
                { label: "Minor units (4990)", value: "minor" },
              ]}
              defaultValue={saved("amount_format") || "decimal"}
              errors={errors}
            />
          )}
          {selected.options.includes("program_id") && (
            <TextInput
              name="config.mapping.program_id"
              label="Program id"
              helpText="Empty: the shop's newsletter program (subscriber) or the partner's program (lead)"
              defaultValue={saved("program_id")}
              errors={errors}
            />
          )}
          {kind === "customer" && (
            <Text as="p" tone="subdued">
              A customer needs customer_id or email.
            </Text>
          )}
          {errors?.["config.mapping.fields"] && <InlineError fieldID="config.mapping.fields" message={errors["config.mapping.fields"]} />}
          {selected.fields.map((f) => (
            <TextInput
              key={f.name}
              name={`config.mapping.fields.${f.name}`}
              label={f.required ? `${f.name} (required)` : f.name}
              placeholder={`e.g. $.${f.name}`}
              defaultValue={savedField(f.name)}
              errors={errors}
            />
          ))}
        </BlockStack>
      )}
    </FormLayout>
  );
}

export default function ConnectionPage() {
  const { connection, webhookUrl, mappingKinds: kinds, payloads } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const errors = result && "errors" in result ? result.errors : undefined;
  const test = result && "test" in result ? result.test : undefined;
  const config = connection.config as Config;
  const generic = connection.provider === "generic";
  const testing = navigation.state === "submitting" && navigation.formData?.get("intent") === "test";
  const form = useRef<HTMLFormElement>(null);
  const submit = useSubmit();
  // Polaris buttons post no name/value: the test sends the same form with its intent; Save (and Enter) post it as it is.
  const runTest = () => {
    const data = new FormData(form.current!);
    data.set("intent", "test");
    submit(data, { method: "post" });
  };
  const otherErrors = Object.entries(errors ?? {}).filter(([name]) => !name.startsWith("config.") && name !== "name");
  return (
    <Page
      title={`${providerLabels[connection.provider] ?? connection.provider}${connection.name ? ` · ${connection.name}` : ""}`}
      subtitle={`Added ${formatDate(connection.createdAt)}`}
      backAction={{ content: "Connections", url: "/app/connections" }}
    >
      <Form method="post" noValidate ref={form}>
        <Layout>
          <Layout.Section>
            <BlockStack gap="400">
              {result?.ok && "message" in result && <Banner tone="success">{result.message}</Banner>}
              {errors && (
                <Banner tone="critical">Nothing was saved: {otherErrors.length ? otherErrors.map(([, message]) => message).join("; ") : "check the fields marked below."}</Banner>
              )}
              <SectionCard title="Connection">
                <Text as="p">Webhook URL (the signing secret is stored encrypted and never shown)</Text>
                <CopyField label="Webhook URL" value={webhookUrl} />
                <TextInput name="name" label="Name" defaultValue={connection.name ?? ""} errors={errors} />
              </SectionCard>
              <SectionCard title="Signature">
                <SignatureFields provider={connection.provider} signature={config.signature ?? {}} currency={config.currency} errors={errors} />
              </SectionCard>
              {generic && (
                <SectionCard title="Mapping">
                  <MappingFields kinds={kinds} mapping={config.mapping} errors={errors} />
                </SectionCard>
              )}
              {generic && payloads.length > 0 && (
                <SectionCard title="Test the mapping">
                  <Text as="p" tone="subdued">
                    Runs the mapping as it is in this form (not saved) on a stored payload. Nothing is saved or applied.
                  </Text>
                  <SelectInput
                    name="inbound_event_id"
                    label="Payload"
                    options={payloads.map((p) => ({
                      label: `${p.topic} · ${p.external_id} · ${formatDate(p.received_at)}`,
                      value: p.inbound_event_id,
                    }))}
                    errors={errors}
                  />
                  {test && (
                    <BlockStack gap="200">
                      <Text as="h3" variant="headingSm">
                        {test.produced.events ? "This mapping would produce" : "This mapping would produce nothing"}
                      </Text>
                      <Produced produced={test.produced} />
                    </BlockStack>
                  )}
                  <InlineStack align="end">
                    <Button onClick={runTest} loading={testing}>
                      Test mapping
                    </Button>
                  </InlineStack>
                </SectionCard>
              )}
              <InlineStack align="end">
                <Button submit variant="primary" loading={navigation.state === "submitting" && !testing}>
                  Save
                </Button>
              </InlineStack>
            </BlockStack>
          </Layout.Section>
          <Layout.Section>
            <SectionCard title="Last payloads received">
              {payloads.length === 0 && (
                <Text as="p" tone="subdued">
                  No payload received yet. Point the provider&apos;s webhook at the URL above.
                </Text>
              )}
              {payloads.length > 0 && (
                <Text as="p" tone="subdued">
                  Saving does not re-process payloads already stored: replay them with <code>npm run cli -- events replay</code>.
                </Text>
              )}
              {payloads.map((p) => (
                <details key={p.inbound_event_id}>
                  <summary style={{ cursor: "pointer" }}>
                    {p.topic} · {p.external_id} · {p.status} · received {formatDate(p.received_at)}
                  </summary>
                  <BlockStack gap="200">
                    <Code>{p.payload === null ? "(pruned after the retention period)" : json(p.payload)}</Code>
                    <Text as="h3" variant="headingSm">
                      What the saved {generic ? "mapping" : "settings"} make of it
                    </Text>
                    <Produced produced={p.produced} />
                  </BlockStack>
                </details>
              ))}
            </SectionCard>
          </Layout.Section>
        </Layout>
      </Form>
    </Page>
  );
}
