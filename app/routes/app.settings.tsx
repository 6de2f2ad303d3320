import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, DataTable, FormLayout, InlineStack, Layout, Page, Text } from "@shopify/polaris";
import { z } from "zod";
import { createApiKey } from "../../domain/access/create-api-key";
import { listApiKeys } from "../../domain/access/list-api-keys";
import { revokeApiKey } from "../../domain/access/revoke-api-key";
import { formAction, formFields } from "../admin/form.server";
import { requireShop } from "../admin/require-shop.server";
import { CopyField } from "../components/copy-field";
import { TextInput } from "../components/form-fields";
import { formatDate, formatDateTime } from "../components/format";
import { RowAction } from "../components/row-action";
import { StatusBadge } from "../components/status-badge";
import { db } from "../db.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireShop(request);
  return { keys: await listApiKeys(db(), shop.id) };
};

const input = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("create"), name: z.string().trim().min(1, "give the key a name").max(100) }),
  z.object({ intent: z.literal("revoke"), id: z.string() }),
]);

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop } = await requireShop(request);
  const fields = formFields(await request.formData());
  return formAction(async () => {
    const parsed = input.parse(fields);
    if (parsed.intent === "revoke") {
      await revokeApiKey(db(), shop.id, { id: parsed.id });
      return { ok: true as const, message: "Key revoked" };
    }
    const created = await createApiKey(db(), shop.id, parsed.name);
    return { ok: true as const, message: "Key created. Copy it now: it is shown once and stored only as a hash.", secret: created.key };
  });
};

export default function Settings() {
  const { keys } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const errors = result && "errors" in result ? result.errors : undefined;
  return (
    <Page title="Settings">
      <Layout>
        <Layout.AnnotatedSection title="API keys" description="Keys for the REST API (Authorization: Bearer <key>). Each key sees only this shop.">
          <BlockStack gap="400">
            {result?.ok && (
              <Banner tone="success" title={result.message}>
                {"secret" in result && result.secret && <CopyField label="New API key" value={result.secret} />}
              </Banner>
            )}
            <Card>
              <Form method="post" noValidate>
                <FormLayout>
                  <input type="hidden" name="intent" value="create" />
                  <TextInput name="name" label="Key name" placeholder="e.g. Zapier" errors={errors} />
                  <InlineStack align="end">
                    <Button submit variant="primary" loading={navigation.state === "submitting" && navigation.formData?.get("intent") === "create"}>
                      Create key
                    </Button>
                  </InlineStack>
                </FormLayout>
              </Form>
            </Card>
            <Card padding="0">
              {keys.length === 0 ? (
                <div style={{ padding: 16 }}>
                  <Text as="p" tone="subdued">
                    No API keys yet.
                  </Text>
                </div>
              ) : (
                <DataTable
                  columnContentTypes={["text", "text", "text", "text", "text", "text"]}
                  headings={["Name", "Prefix", "Created", "Last used", "Status", ""]}
                  rows={keys.map((k) => [
                    k.name ?? "—",
                    `${k.prefix}…`,
                    formatDate(k.createdAt),
                    formatDateTime(k.lastUsedAt),
                    <StatusBadge key="s" status={k.revokedAt ? "revoked" : "active"} />,
                    k.revokedAt ? (
                      ""
                    ) : (
                      <RowAction key="r" fields={{ intent: "revoke", id: k.id }} label="Revoke" tone="critical" />
                    ),
                  ])}
                />
              )}
            </Card>
          </BlockStack>
        </Layout.AnnotatedSection>
      </Layout>
    </Page>
  );
}
