import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSubmit } from "@remix-run/react";
import { BlockStack, Page } from "@shopify/polaris";
import { z } from "zod";
import { listLeads } from "../../domain/leads/list-leads";
import { rejectLead } from "../../domain/leads/submit-lead";
import { isUuid } from "../../domain/shared/ids";
import { notFound } from "../../domain/shared/errors";
import { formAction, formFields } from "../admin/form.server";
import { oneOf, pageRequest } from "../admin/list-params.server";
import { requireShop } from "../admin/require-shop.server";
import { ActionBanner } from "../components/action-banner";
import { SelectInput } from "../components/form-fields";
import { formatDate } from "../components/format";
import { ListCard } from "../components/list-card";
import { RowAction } from "../components/row-action";
import { StatusBadge } from "../components/status-badge";
import { db } from "../db.server";

const STATUSES = ["pending", "converted", "rejected"] as const;

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireShop(request);
  const url = new URL(request.url);
  const page = pageRequest(url);
  const status = oneOf(url.searchParams.get("status"), STATUSES);
  const result = await listLeads(db(), shop.id, { status }, page);
  const rows = result.rows.map(({ lead, partner }) => ({
    id: lead.id,
    email: lead.email,
    name: lead.name,
    status: lead.status,
    createdAt: lead.createdAt,
    convertedAt: lead.convertedAt,
    partner: { id: partner.id, label: partner.name ?? partner.key },
  }));
  return { rows, hasNext: result.hasNext, page: page.page, status: status ?? "" };
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop } = await requireShop(request);
  const fields = formFields(await request.formData());
  return formAction(async () => {
    const { id } = z.object({ id: z.string() }).parse(fields);
    if (!isUuid(id)) throw notFound("lead", "id");
    await rejectLead(db(), shop.id, id);
    return { ok: true as const, message: "Lead rejected" };
  });
};

export default function Leads() {
  const { rows, hasNext, page, status } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const submit = useSubmit();
  return (
    <Page title="Leads" subtitle="Leads partners submitted; converted when the same email signs up or buys">
      <BlockStack gap="400">
        <ActionBanner result={result} />
        <ListCard
          filters={
            <Form method="get" onChange={(e) => submit(e.currentTarget)} style={{ maxWidth: 240 }}>
              <SelectInput name="status" label="Status" defaultValue={status} options={[{ label: "Any", value: "" }, ...STATUSES.map((s) => ({ label: s, value: s }))]} />
            </Form>
          }
          headings={["Email", "Name", "Partner", "Status", "Submitted", ""]}
          types={["text", "text", "text", "text", "text", "text"]}
          rows={rows.map((l) => [
            l.email,
            l.name ?? "—",
            <Link key="p" to={`/app/partners/${l.partner.id}`}>
              {l.partner.label}
            </Link>,
            <StatusBadge key="s" status={l.status} />,
            formatDate(l.createdAt),
            l.status === "pending" ? (
              <RowAction key="r" fields={{ id: l.id }} label="Reject" tone="critical" />
            ) : (
              ""
            ),
          ])}
          empty="No leads yet."
          page={page}
          hasNext={hasNext}
        />
      </BlockStack>
    </Page>
  );
}
