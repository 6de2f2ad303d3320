import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSubmit } from "@remix-run/react";
import { BlockStack, Box, Button, Card, IndexTable, InlineStack, Page, Text, useIndexResourceState } from "@shopify/polaris";
import { z } from "zod";
import { commissionStatuses, listCommissions } from "../../domain/commissions/list-commissions";
import { approveCommission, rejectCommission } from "../../domain/commissions/review-commission";
import { DomainError } from "../../domain/shared/errors";
import { isUuid } from "../../domain/shared/ids";
import { formAction, formFields } from "../admin/form.server";
import { oneOf, pageRequest } from "../admin/list-params.server";
import { requireShop } from "../admin/require-shop.server";
import { ActionBanner } from "../components/action-banner";
import { SelectInput } from "../components/form-fields";
import { formatDate, formatMoney } from "../components/format";
import { ListFooter } from "../components/list-pagination";
import { StatusBadge } from "../components/status-badge";
import { db } from "../db.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireShop(request);
  const url = new URL(request.url);
  const page = pageRequest(url);
  const status = oneOf(url.searchParams.get("status"), commissionStatuses);
  const kind = oneOf(url.searchParams.get("kind"), ["commission", "reversal"] as const);
  const partnerParam = url.searchParams.get("partner");
  const partnerId = partnerParam && isUuid(partnerParam) ? partnerParam : undefined;
  const result = await listCommissions(db(), shop.id, { status, kind, partnerId }, page);
  const rows = result.rows.map((r) => ({
    id: r.commission.id,
    kind: r.commission.kind,
    status: r.commission.status,
    amount: r.commission.amount,
    currency: r.commission.currency,
    partner: r.partner.name ?? r.partner.key,
    orderId: r.commission.kind === "reversal" ? (r.refundedSale?.externalId ?? "—") : r.transaction.externalId,
    refund: r.commission.kind === "reversal" ? { externalId: r.transaction.externalId, amount: r.transaction.amount } : null,
    occurredAt: r.transaction.occurredAt.toISOString(),
  }));
  return { rows, hasNext: result.hasNext, page: page.page, status: status ?? "", kind: kind ?? "", partnerId: partnerId ?? "" };
};

const review = z.object({
  intent: z.enum(["approve", "reject"]),
  ids: z.array(z.string()).min(1, "select at least one commission").max(250),
});

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop } = await requireShop(request);
  const fields = formFields(await request.formData());
  return formAction(async () => {
    const input = review.parse({ ...fields, ids: [fields.ids ?? []].flat() });
    let done = 0;
    const skipped: string[] = [];
    for (const id of input.ids) {
      try {
        await (input.intent === "approve" ? approveCommission : rejectCommission)(db(), shop.id, id);
        done += 1;
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        skipped.push(error.message);
      }
    }
    const verb = input.intent === "approve" ? "Approved" : "Rejected";
    return { ok: true as const, message: `${verb} ${done}${skipped.length ? `; skipped ${skipped.length}: ${[...new Set(skipped)].join("; ")}` : ""}` };
  });
};

export default function Commissions() {
  const { rows, hasNext, page, status, kind, partnerId } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const submit = useSubmit();
  const navigation = useNavigation();
  const items = rows;
  const { selectedResources, allResourcesSelected, handleSelectionChange, clearSelection } = useIndexResourceState(items);
  const bulk = (intent: "approve" | "reject") => {
    const form = new FormData();
    form.set("intent", intent);
    for (const id of selectedResources) form.append("ids", id);
    submit(form, { method: "post" });
    clearSelection();
  };
  return (
    <Page title="Commissions">
      <BlockStack gap="400">
        <ActionBanner result={result} />
        <Card padding="0">
          <Box padding="400">
            <Form method="get" onChange={(e) => submit(e.currentTarget)}>
              <InlineStack gap="300" blockAlign="end">
                {partnerId && <input type="hidden" name="partner" value={partnerId} />}
                <SelectInput name="status" label="Status" defaultValue={status} options={[{ label: "Any", value: "" }, ...commissionStatuses.map((s) => ({ label: s, value: s }))]} />
                <SelectInput
                  name="kind"
                  label="Kind"
                  defaultValue={kind}
                  options={[
                    { label: "Any", value: "" },
                    { label: "Commissions", value: "commission" },
                    { label: "Reversals (refunds)", value: "reversal" },
                  ]}
                />
                {partnerId && <Button url="/app/commissions">All partners</Button>}
              </InlineStack>
            </Form>
          </Box>
          <IndexTable
            resourceName={{ singular: "commission", plural: "commissions" }}
            itemCount={items.length}
            selectedItemsCount={allResourcesSelected ? "All" : selectedResources.length}
            onSelectionChange={handleSelectionChange}
            loading={navigation.state !== "idle"}
            promotedBulkActions={[
              { content: "Approve", onAction: () => bulk("approve") },
              { content: "Reject", onAction: () => bulk("reject") },
            ]}
            headings={[{ title: "Date" }, { title: "Partner" }, { title: "Order" }, { title: "Kind" }, { title: "Amount", alignment: "end" }, { title: "Status" }]}
          >
            {items.map((row, index) => {
              const c = row;
              const reversal = row.refund !== null;
              return (
                <IndexTable.Row id={row.id} key={row.id} position={index} selected={selectedResources.includes(row.id)}>
                  <IndexTable.Cell>{formatDate(row.occurredAt)}</IndexTable.Cell>
                  <IndexTable.Cell>{row.partner}</IndexTable.Cell>
                  <IndexTable.Cell>{row.orderId}</IndexTable.Cell>
                  <IndexTable.Cell>
                    {row.refund ? `Reversal: refund ${row.refund.externalId} of ${formatMoney(row.refund.amount, c.currency)}` : "Commission"}
                  </IndexTable.Cell>
                  <IndexTable.Cell>
                    <Text as="span" alignment="end" numeric tone={reversal ? "critical" : undefined}>
                      {formatMoney(reversal ? -c.amount : c.amount, c.currency)}
                    </Text>
                  </IndexTable.Cell>
                  <IndexTable.Cell>
                    <StatusBadge status={c.status} />
                  </IndexTable.Cell>
                </IndexTable.Row>
              );
            })}
          </IndexTable>
          <ListFooter page={page} hasNext={hasNext} />
        </Card>
      </BlockStack>
    </Page>
  );
}
