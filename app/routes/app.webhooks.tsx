import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, ChoiceList, FormLayout, InlineStack, Layout, Page, Text } from "@shopify/polaris";
import { useState } from "react";
import { z } from "zod";
import { DomainError } from "../../domain/shared/errors";
import { isUuid } from "../../domain/shared/ids";
import { pageOf } from "../../domain/shared/page";
import { deleteWebhookEndpoint } from "../../domain/webhooks/delete-webhook-endpoint";
import { DISABLE_AFTER_MS, webhookEventTypes } from "../../domain/webhooks/event-types";
import { findWebhookEndpointOrThrow } from "../../domain/webhooks/find-webhook-endpoint-or-throw";
import { listWebhookDeliveries } from "../../domain/webhooks/list-webhook-deliveries";
import { listWebhookEndpoints } from "../../domain/webhooks/list-webhook-endpoints";
import { createWebhookEndpoint, updateWebhookEndpoint } from "../../domain/webhooks/save-webhook-endpoint";
import { sendTestWebhookEvent } from "../../domain/webhooks/send-test-webhook-event";
import { currentSecretBoxOrThrow } from "../../runtime/current-secret-box";
import { formAction, formFields } from "../admin/form.server";
import { pageRequest } from "../admin/list-params.server";
import { requireShop } from "../admin/require-shop.server";
import { ActionBanner } from "../components/action-banner";
import { CopyField } from "../components/copy-field";
import { TextInput } from "../components/form-fields";
import { formatDateTime } from "../components/format";
import { ListCard } from "../components/list-card";
import { ListFooter } from "../components/list-pagination";
import { RowAction } from "../components/row-action";
import { StatusBadge } from "../components/status-badge";
import { db } from "../db.server";

const DELIVERY_PAGE = 10;

async function findWebhookEndpoint(shopId: string, id: string) {
  try {
    return await findWebhookEndpointOrThrow(db(), shopId, id);
  } catch (error) {
    if (error instanceof DomainError && error.code === "not_found") return undefined;
    throw error;
  }
}

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireShop(request);
  const url = new URL(request.url);
  const page = pageRequest(url);
  const endpoints = pageOf(await listWebhookEndpoints(db(), shop.id, { ...page, newestFirst: true }), page);
  const selectedParam = url.searchParams.get("endpoint");
  // An endpoint of another shop, or one just deleted, is not found: the page shows the newest endpoint's deliveries instead.
  const chosen = selectedParam && isUuid(selectedParam) ? await findWebhookEndpoint(shop.id, selectedParam) : undefined;
  const selected = chosen ?? endpoints.rows[0]?.endpoint;
  const deliveryPage = pageRequest(url, DELIVERY_PAGE, "dpage");
  const deliveries = selected
    ? pageOf(await listWebhookDeliveries(db(), shop.id, selected.id, {}, { ...deliveryPage, newestFirst: true }), deliveryPage)
    : null;
  return {
    endpoints: endpoints.rows.map(({ endpoint: e }) => ({
      id: e.id,
      url: e.url,
      events: e.eventTypes,
      active: e.active,
      failingSince: e.failingSince?.toISOString() ?? null,
      disabledAt: e.disabledAt?.toISOString() ?? null,
      disabledReason: e.disabledReason,
    })),
    hasNext: endpoints.hasNext,
    page: page.page,
    selected: selected ? { id: selected.id, url: selected.url } : null,
    deliveries: (deliveries?.rows ?? []).map(({ delivery: d, attempts }) => ({
      id: d.id,
      type: d.eventType,
      status: d.status,
      createdAt: d.createdAt.toISOString(),
      nextAttemptAt: d.nextAttemptAt?.toISOString() ?? null,
      attempts: attempts.map((a) => ({
        statusCode: a.statusCode,
        error: a.error,
        durationMs: a.durationMs,
        at: a.attemptedAt.toISOString(),
      })),
    })),
    deliveriesHasNext: deliveries?.hasNext ?? false,
    deliveryPage: deliveryPage.page,
  };
};

const input = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("create"),
    url: z.string().trim().min(1, "enter the URL that receives the events").max(2_000),
    events: z.array(z.string()),
  }),
  z.object({
    intent: z.enum(["enable", "disable", "delete", "test"]),
    id: z.string(),
  }),
]);

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop } = await requireShop(request);
  const fields = formFields(await request.formData());
  return formAction(async () => {
    const parsed = input.parse({
      ...fields,
      events: [fields.events ?? []].flat(),
    });
    switch (parsed.intent) {
      case "create": {
        const created = await createWebhookEndpoint(db(), currentSecretBoxOrThrow(), shop.id, { url: parsed.url, events: parsed.events });
        return {
          ok: true as const,
          message: "Endpoint created. Copy its signing secret now: it is shown once.",
          secret: created.secret,
        };
      }
      case "enable":
      case "disable":
        await updateWebhookEndpoint(db(), shop.id, parsed.id, {
          active: parsed.intent === "enable",
        });
        return {
          ok: true as const,
          message: parsed.intent === "enable" ? "Endpoint enabled" : "Endpoint disabled",
        };
      case "delete":
        await deleteWebhookEndpoint(db(), shop.id, parsed.id);
        return { ok: true as const, message: "Endpoint deleted" };
      case "test": {
        const { eventId } = await sendTestWebhookEvent(db(), shop.id, parsed.id);
        return {
          ok: true as const,
          message: `Test event ${eventId} queued: it shows under the endpoint's deliveries`,
        };
      }
    }
  });
};

type Endpoint = ReturnType<typeof useLoaderData<typeof loader>>["endpoints"][number];

/** Why an endpoint gets nothing, or soon will not: the merchant is told here. */
function EndpointHealth({ endpoint }: { endpoint: Endpoint }) {
  if (endpoint.disabledAt)
    return (
      <Banner tone="critical" title={`Disabled ${formatDateTime(endpoint.disabledAt)}`}>
        {`${endpoint.disabledReason ?? "disabled after failing for 5 days"}. Fix the receiver, then enable it again.`}
      </Banner>
    );
  if (endpoint.failingSince) {
    const disableAt = new Date(new Date(endpoint.failingSince).getTime() + DISABLE_AFTER_MS).toISOString();
    return (
      <Banner tone="critical" title={`Failing since ${formatDateTime(endpoint.failingSince)}`}>
        Every delivery since then has failed. Unless one succeeds, the endpoint is disabled at {formatDateTime(disableAt)}.
      </Banner>
    );
  }
  return null;
}

function CreateEndpoint({ errors, resetKey }: { errors?: Record<string, string>; resetKey: string }) {
  const navigation = useNavigation();
  const [events, setEvents] = useState<string[]>([]);
  return (
    <Form method="post" noValidate key={resetKey}>
      <input type="hidden" name="intent" value="create" />
      {events.map((e) => (
        <input key={e} type="hidden" name="events" value={e} />
      ))}
      <FormLayout>
        <TextInput name="url" label="Endpoint URL" placeholder="https://example.com/webhooks/affiliate-hub" errors={errors} />
        <ChoiceList
          allowMultiple
          title="Events"
          choices={webhookEventTypes.map((e) => ({ label: e, value: e }))}
          selected={events}
          onChange={setEvents}
          error={errors?.events}
        />
        <InlineStack align="end">
          <Button submit variant="primary" loading={navigation.state === "submitting" && navigation.formData?.get("intent") === "create"}>
            Add endpoint
          </Button>
        </InlineStack>
      </FormLayout>
    </Form>
  );
}

export default function Webhooks() {
  const { endpoints, hasNext, page, selected, deliveries, deliveriesHasNext, deliveryPage } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result && "errors" in result ? result.errors : undefined;
  const created = result?.ok && "secret" in result ? result.secret : undefined;
  return (
    <Page title="Webhooks" subtitle="Events sent to your systems, signed with Standard Webhooks">
      <Layout>
        <Layout.AnnotatedSection
          title="Add an endpoint"
          description="Each request is signed with the endpoint's secret (webhook-id, webhook-timestamp, webhook-signature). Failed deliveries are retried for about two days; an endpoint failing for 5 days is disabled."
        >
          <BlockStack gap="400">
            {created ? (
              <Banner tone="success" title={result?.ok ? result.message : undefined}>
                <CopyField label="Signing secret" value={created} />
              </Banner>
            ) : (
              <ActionBanner result={errors?.url || errors?.events ? undefined : result} />
            )}
            <Card>
              <CreateEndpoint errors={errors} resetKey={created ?? "form"} />
            </Card>
          </BlockStack>
        </Layout.AnnotatedSection>
        <Layout.Section>
          <BlockStack gap="300">
            <Text as="h2" variant="headingMd">
              Endpoints
            </Text>
            {endpoints.length === 0 && (
              <Card>
                <Text as="p" tone="subdued">
                  No endpoints yet.
                </Text>
              </Card>
            )}
            {endpoints.map((e) => (
              <section key={e.id} aria-label={e.url} data-endpoint-id={e.id}>
                <Card>
                  <BlockStack gap="300">
                    <InlineStack align="space-between" blockAlign="center" gap="200">
                      <InlineStack gap="200" blockAlign="center">
                        <Text as="h3" variant="headingSm" breakWord>
                          {e.url}
                        </Text>
                        <StatusBadge status={e.disabledAt ? "disabled" : e.active ? (e.failingSince ? "failing" : "active") : "inactive"} />
                      </InlineStack>
                      <InlineStack gap="200">
                        <RowAction fields={{ intent: "test", id: e.id }} label="Send test event" />
                        <RowAction
                          fields={{
                            intent: e.active ? "disable" : "enable",
                            id: e.id,
                          }}
                          label={e.active ? "Disable" : "Enable"}
                        />
                        <RowAction fields={{ intent: "delete", id: e.id }} label="Delete" tone="critical" />
                      </InlineStack>
                    </InlineStack>
                    <EndpointHealth endpoint={e} />
                    <Text as="p" tone="subdued">
                      {e.events.join(", ")}
                    </Text>
                    {selected?.id !== e.id && <Link to={`/app/webhooks?page=${page}&endpoint=${e.id}`}>Recent deliveries</Link>}
                  </BlockStack>
                </Card>
              </section>
            ))}
            {(page > 1 || hasNext) && (
              <Card padding="0">
                <ListFooter page={page} hasNext={hasNext} />
              </Card>
            )}
          </BlockStack>
        </Layout.Section>
        {selected && (
          <Layout.Section>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                Recent deliveries to {selected.url}
              </Text>
              <ListCard
                headings={["Created", "Event", "Status", "Attempts (status code, latency)"]}
                types={["text", "text", "text", "text"]}
                empty="Nothing sent to this endpoint yet. Send a test event."
                page={deliveryPage}
                hasNext={deliveriesHasNext}
                pageParam="dpage"
                rows={deliveries.map((d) => [
                  formatDateTime(d.createdAt),
                  d.type,
                  <StatusBadge key="s" status={d.status} />,
                  <BlockStack key="a" gap="100">
                    {d.attempts.length === 0 && (
                      <Text as="span" tone="subdued">
                        {d.nextAttemptAt ? `first attempt ${formatDateTime(d.nextAttemptAt)}` : "none"}
                      </Text>
                    )}
                    {d.attempts.map((a, i) => (
                      <Text as="span" key={i} tone={a.statusCode !== null && a.statusCode < 300 ? undefined : "critical"}>
                        {formatDateTime(a.at)} · {a.statusCode ?? a.error ?? "no response"} · {a.durationMs ?? "—"} ms
                      </Text>
                    ))}
                  </BlockStack>,
                ])}
              />
            </BlockStack>
          </Layout.Section>
        )}
      </Layout>
    </Page>
  );
}
