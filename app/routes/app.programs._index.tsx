import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Card, DataTable, EmptyState, Page } from "@shopify/polaris";
import { listProgramSummaries } from "../../domain/programs/list-program-summaries";
import { requireShop } from "../admin/require-shop.server";
import { db } from "../db.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireShop(request);
  return { programs: await listProgramSummaries(db(), shop.id) };
};

const typeLabels: Record<string, string> = { affiliate: "Affiliate", referral: "Refer a friend", newsletter: "Newsletter referrals" };

export default function Programs() {
  const { programs } = useLoaderData<typeof loader>();
  return (
    <Page title="Programs" primaryAction={{ content: "Create program", url: "/app/programs/new" }}>
      <Card padding="0">
        {programs.length === 0 ? (
          <EmptyState heading="Create your first program" image="" action={{ content: "Create program", url: "/app/programs/new" }}>
            <p>Affiliate, refer-a-friend or newsletter referral programs.</p>
          </EmptyState>
        ) : (
          <DataTable
            columnContentTypes={["text", "text", "numeric"]}
            headings={["Program", "Type", "Partners"]}
            rows={programs.map((p) => [
              <Link key={p.id} to={`/app/programs/${p.id}`}>
                {p.name}
              </Link>,
              typeLabels[p.type] ?? p.type,
              p.partnerCount,
            ])}
          />
        )}
      </Card>
    </Page>
  );
}
