import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { Button, InlineStack, Page } from "@shopify/polaris";
import { listReferredCustomers } from "../../domain/reports/list-referred-customers";
import { isUuid } from "../../domain/shared/ids";
import { pageRequest } from "../admin/list-params.server";
import { requireShop } from "../admin/require-shop.server";
import { CheckboxInput, TextInput } from "../components/form-fields";
import { formatDate } from "../components/format";
import { ListCard } from "../components/list-card";
import { db } from "../db.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireShop(request);
  const url = new URL(request.url);
  const page = pageRequest(url);
  const search = (url.searchParams.get("q") ?? "").trim().slice(0, 100);
  const all = url.searchParams.get("all") === "on";
  const partnerParam = url.searchParams.get("partner");
  const partnerId = partnerParam && isUuid(partnerParam) ? partnerParam : undefined;
  const result = await listReferredCustomers(db(), shop.id, { search: search || undefined, all, partnerId }, page);
  const rows = result.rows.map(({ customer: c, partner }) => ({
    id: c.id,
    name: c.name,
    email: c.email,
    key: c.key,
    source: c.source,
    boundAt: c.boundAt,
    partner: partner && { id: partner.id, label: partner.name ?? partner.key },
  }));
  return { rows, hasNext: result.hasNext, page: page.page, search, all, partnerId: partnerId ?? "" };
};

export default function Customers() {
  const { rows, hasNext, page, search, all, partnerId } = useLoaderData<typeof loader>();
  return (
    <Page title="Customers" subtitle="Customers who signed up or bought, and who referred them">
      <ListCard
        filters={
          <Form method="get">
            <InlineStack gap="300" blockAlign="end">
              {partnerId && <input type="hidden" name="partner" value={partnerId} />}
              <div style={{ minWidth: 260 }}>
                <TextInput name="q" label="Search" placeholder="Name, email or customer key" defaultValue={search} />
              </div>
              <CheckboxInput name="all" label="Include customers nobody referred" defaultChecked={all} />
              <Button submit>Search</Button>
              {partnerId && <Button url="/app/customers">All partners</Button>}
            </InlineStack>
          </Form>
        }
        headings={["Customer", "Email", "Referred by", "Source", "Referred on"]}
        types={["text", "text", "text", "text", "text"]}
        rows={rows.map((c) => [
          c.name ?? c.key,
          c.email ?? "—",
          c.partner ? (
            <Link key="p" to={`/app/partners/${c.partner.id}`}>
              {c.partner.label}
            </Link>
          ) : (
            "—"
          ),
          c.source ?? "—",
          formatDate(c.boundAt),
        ])}
        empty="No customers match."
        page={page}
        hasNext={hasNext}
      />
    </Page>
  );
}
