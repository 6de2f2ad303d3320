import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData, useSubmit } from "@remix-run/react";
import { Box, Button, Card, DataTable, InlineStack, Page, Text } from "@shopify/polaris";
import { listPartners } from "../../domain/partners/list-partners";
import { listProgramSummaries } from "../../domain/programs/list-program-summaries";
import { oneOf, pageRequest } from "../admin/list-params.server";
import { requireShop } from "../admin/require-shop.server";
import { SelectInput, TextInput } from "../components/form-fields";
import { formatDate } from "../components/format";
import { ListFooter } from "../components/list-pagination";
import { StatusBadge } from "../components/status-badge";
import { db } from "../db.server";

const STATUSES = ["pending", "active", "suspended"] as const;

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireShop(request);
  const url = new URL(request.url);
  const page = pageRequest(url);
  const search = (url.searchParams.get("q") ?? "").trim().slice(0, 100);
  const status = oneOf(url.searchParams.get("status"), STATUSES);
  const programs = await listProgramSummaries(db(), shop.id);
  const programId = programs.find((p) => p.id === url.searchParams.get("program"))?.id;
  const result = await listPartners(db(), shop.id, { search: search || undefined, status, programId }, page);
  return { ...result, page: page.page, search, status: status ?? "", programId: programId ?? "", programs };
};

export default function Partners() {
  const { rows, hasNext, page, search, status, programId, programs } = useLoaderData<typeof loader>();
  const submit = useSubmit();
  return (
    <Page title="Partners" primaryAction={{ content: "Add partner", url: "/app/partners/new" }}>
      <Card padding="0">
        <Box padding="400">
          <Form method="get" onChange={(e) => e.target instanceof HTMLSelectElement && submit(e.currentTarget)}>
            <InlineStack gap="300" blockAlign="end">
              <div style={{ minWidth: 260 }}>
                <TextInput name="q" label="Search" placeholder="Name, email or key" defaultValue={search} />
              </div>
              <SelectInput
                name="status"
                label="Status"
                defaultValue={status}
                options={[{ label: "Any", value: "" }, ...STATUSES.map((s) => ({ label: s, value: s }))]}
              />
              <SelectInput name="program" label="Program" defaultValue={programId} options={[{ label: "All programs", value: "" }, ...programs.map((p) => ({ label: p.name, value: p.id }))]} />
              <Button submit>Search</Button>
            </InlineStack>
          </Form>
        </Box>
        {rows.length === 0 ? (
          <Box padding="400">
            <Text as="p" tone="subdued">
              No partners match.
            </Text>
          </Box>
        ) : (
          <DataTable
            columnContentTypes={["text", "text", "text", "text", "text", "text"]}
            headings={["Partner", "Email", "Key", "Program", "Status", "Joined"]}
            rows={rows.map((p) => [
              <Link key={p.id} to={`/app/partners/${p.id}`}>
                {p.name ?? p.email}
              </Link>,
              p.email,
              p.key,
              p.programName,
              <StatusBadge key="s" status={p.status} />,
              formatDate(p.createdAt),
            ])}
          />
        )}
        <ListFooter page={page} hasNext={hasNext} />
      </Card>
    </Page>
  );
}
