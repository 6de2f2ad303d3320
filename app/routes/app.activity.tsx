import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSubmit } from "@remix-run/react";
import { BlockStack, Page, Text } from "@shopify/polaris";
import { z } from "zod";
import { inboundStatuses } from "../../domain/ingest/inbound-event-status";
import { listInboundEvents } from "../../domain/reports/list-inbound-events";
import { formAction, formFields } from "../admin/form.server";
import { oneOf, pageRequest } from "../admin/list-params.server";
import { requireShop } from "../admin/require-shop.server";
import { retryInboundEvent } from "../webhooks/retry-inbound-event.server";
import { ActionBanner } from "../components/action-banner";
import { SelectInput } from "../components/form-fields";
import { formatDateTime } from "../components/format";
import { ListCard } from "../components/list-card";
import { RowAction } from "../components/row-action";
import { StatusBadge } from "../components/status-badge";
import { db } from "../db.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireShop(request);
  const url = new URL(request.url);
  const page = pageRequest(url);
  const status = oneOf(url.searchParams.get("status"), inboundStatuses);
  const result = await listInboundEvents(db(), shop.id, { status }, page);
  return { ...result, page: page.page, status: status ?? "" };
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop } = await requireShop(request);
  const fields = formFields(await request.formData());
  return formAction(async () => {
    const { id } = z.object({ id: z.string() }).parse(fields);
    const { queued } = await retryInboundEvent(db(), shop.id, id);
    return { ok: true as const, message: queued ? "Event queued again" : "Event is pending; it will be queued when Redis is back" };
  });
};

export default function Activity() {
  const { rows, hasNext, page, status } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const submit = useSubmit();
  return (
    <Page title="Activity" subtitle="Webhooks received from Shopify and billing providers">
      <BlockStack gap="400">
        <ActionBanner result={result} />
        <ListCard
          filters={
            <Form method="get" onChange={(e) => submit(e.currentTarget)} style={{ maxWidth: 240 }}>
              <SelectInput name="status" label="Status" defaultValue={status} options={[{ label: "Any", value: "" }, ...inboundStatuses.map((s) => ({ label: s, value: s }))]} />
            </Form>
          }
          headings={["Received", "Provider", "Topic", "Status", "Attempts", "Error or note", ""]}
          types={["text", "text", "text", "text", "numeric", "text", "text"]}
          rows={rows.map((e) => [
            formatDateTime(e.receivedAt),
            e.provider,
            e.topic,
            <StatusBadge key="s" status={e.status} />,
            e.attempts,
            <Text key="e" as="span" tone={e.lastError ? "critical" : "subdued"}>
              {e.lastError ?? e.ignoredReason ?? "—"}
            </Text>,
            e.status === "abandoned" || e.status === "pending" ? (
              <RowAction key="r" fields={{ id: e.id }} label="Retry" />
            ) : (
              ""
            ),
          ])}
          empty="No events received yet."
          page={page}
          hasNext={hasNext}
        />
      </BlockStack>
    </Page>
  );
}
