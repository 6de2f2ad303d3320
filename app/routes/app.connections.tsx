import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, FormLayout, InlineStack, Layout, Page, Text } from "@shopify/polaris";
import { z } from "zod";
import { useState } from "react";
import { billingProviders, createProviderConnection } from "../../domain/access/create-provider-connection";
import { setConnectionApiKey } from "../../domain/access/set-connection-api-key";
import { currentSecretBoxOrThrow } from "../../runtime/current-secret-box";
import { listProviderConnections } from "../../domain/access/list-provider-connections";
import { connectionWebhookUrl } from "../admin/connection-form.server";
import { formAction, formFields } from "../admin/form.server";
import { requireShop } from "../admin/require-shop.server";
import { CopyField } from "../components/copy-field";
import { SelectInput, TextInput } from "../components/form-fields";
import { formatDate } from "../components/format";
import { providerLabels } from "../components/provider-labels";
import { db } from "../db.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireShop(request);
  const connections = await listProviderConnections(db(), shop.id);
  return { connections: connections.map((c) => ({ ...c, webhookUrl: connectionWebhookUrl(c.provider, c.id) })) };
};

const body = z.object({
  provider: z.enum(billingProviders, "choose a provider"),
  name: z.string().trim().max(100),
  secret: z.string().trim().min(8, "the signing secret has at least 8 characters").max(500),
  api_key: z.string().trim().max(300).optional(),
});
const apiKeyBody = z.object({ intent: z.literal("api_key"), id: z.string() });

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop } = await requireShop(request);
  const fields = formFields(await request.formData());
  return formAction(async () => {
    if (fields.intent === "api_key") {
      const { id } = apiKeyBody.parse(fields);
      // Each connection's key field is named after it, so an error shows next to that connection's field only.
      const field = `api_key.${id}`;
      const apiKey = z.object({ [field]: z.string().trim().min(1, "enter the Stripe API key").max(300) }).parse(fields)[field]!;
      await setConnectionApiKey(db(), currentSecretBoxOrThrow(), shop.id, id, apiKey, field);
      return { ok: true as const, message: "Stripe API key saved" };
    }
    const input = body.parse(fields);
    const created = await createProviderConnection(db(), currentSecretBoxOrThrow(), {
      shopId: shop.id,
      provider: input.provider,
      secret: input.secret,
      name: input.name || undefined,
      apiKey: input.provider === "stripe" && input.api_key ? input.api_key : undefined,
    });
    return { ok: true as const, message: `Connection created. Point ${input.provider}'s webhook at ${connectionWebhookUrl(created.provider, created.id)}` };
  });
};

export default function Connections() {
  const { connections } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const errors = result && "errors" in result ? result.errors : undefined;
  const [provider, setProvider] = useState<string>(billingProviders[0]);
  return (
    <Page title="Connections" subtitle="Billing systems that send subscription payments and refunds">
      <Layout>
        <Layout.AnnotatedSection
          title="Add a connection"
          description="The signing secret verifies every webhook. It is stored once and never shown again; to change it, add a new connection."
        >
          <BlockStack gap="400">
            {result?.ok && <Banner tone="success">{result.message}</Banner>}
            <Card>
              <Form method="post" noValidate key={result?.ok ? connections.length : "form"}>
                <FormLayout>
                  <SelectInput
                    name="provider"
                    label="Provider" options={billingProviders.map((p) => ({ label: providerLabels[p] ?? p, value: p }))}
                    errors={errors}
                    onChange={setProvider}
                  />
                  <TextInput name="name" label="Name" placeholder="e.g. Stripe live" errors={errors} />
                  <TextInput name="secret" label="Webhook signing secret" type="password" autoComplete="off" errors={errors} />
                  {provider === "stripe" && (
                    <TextInput
                      name="api_key"
                      label="Stripe API key (optional)"
                      type="password"
                      autoComplete="off"
                      helpText="A restricted key (rk_…) with write access to Promotion Codes lets the Coupons page create partner promotion codes. Stored encrypted, never shown again."
                      errors={errors}
                    />
                  )}
                  <InlineStack align="end">
                    <Button submit variant="primary" loading={navigation.state === "submitting"}>
                      Add connection
                    </Button>
                  </InlineStack>
                </FormLayout>
              </Form>
            </Card>
          </BlockStack>
        </Layout.AnnotatedSection>
        <Layout.AnnotatedSection title="Connections" description="Point each provider's webhook endpoint at its URL.">
          <BlockStack gap="300">
            {connections.length === 0 && (
              <Card>
                <Text as="p" tone="subdued">
                  No connections yet.
                </Text>
              </Card>
            )}
            {connections.map((c) => (
              <Card key={c.id}>
                <BlockStack gap="200">
                  <Text as="h3" variant="headingSm">
                    {providerLabels[c.provider] ?? c.provider}
                    {c.name ? ` · ${c.name}` : ""} · added {formatDate(c.createdAt)}
                    {c.disabledAt ? " · disabled" : ""}
                  </Text>
                  <CopyField label="Webhook URL" value={c.webhookUrl} />
                  {c.provider === "stripe" && <ApiKeyForm id={c.id} hasApiKey={c.hasApiKey} errors={errors} />}
                  <Link to={`/app/connections/${c.id}`}>{c.provider === "generic" ? "Signature, mapping and last payloads" : "Signature settings and last payloads"}</Link>
                </BlockStack>
              </Card>
            ))}
          </BlockStack>
        </Layout.AnnotatedSection>
      </Layout>
    </Page>
  );
}

function ApiKeyForm({ id, hasApiKey, errors }: { id: string; hasApiKey: boolean; errors: Record<string, string> | undefined }) {
  return (
    <Form method="post" noValidate>
      <input type="hidden" name="intent" value="api_key" />
      <input type="hidden" name="id" value={id} />
      <BlockStack gap="200">
        <Text as="p">API key set: {hasApiKey ? "yes" : "no"}</Text>
        <InlineStack gap="200" blockAlign="end">
          <TextInput name={`api_key.${id}`} label={hasApiKey ? "Replace the Stripe API key" : "Stripe API key"} type="password" autoComplete="off" errors={errors} />
          <Button submit>Save key</Button>
        </InlineStack>
      </BlockStack>
    </Form>
  );
}
