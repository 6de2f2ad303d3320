import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { BlockStack, Card, DataTable, EmptyState, Layout, Page, Text } from "@shopify/polaris";
import { listProgramSummaries } from "../../domain/programs/list-program-summaries";
import { upsertInstalledShop } from "../../domain/shops/create-shop";
import { db } from "../db.server";
import { authenticate } from "../shopify.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const shop = await upsertInstalledShop(db(), session.shop);
  return { shopDomain: shop.domain, programs: await listProgramSummaries(db(), shop.id) };
};

export default function Dashboard() {
  const { shopDomain, programs } = useLoaderData<typeof loader>();
  return (
    <Page title="Affiliate Hub">
      <Layout>
        <Layout.Section>
          <Card>
            {programs.length === 0 ? (
              <EmptyState heading="Create your first program" image="">
                <p>Affiliate, refer-a-friend and newsletter referral programs for {shopDomain}.</p>
              </EmptyState>
            ) : (
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  Programs
                </Text>
                <DataTable
                  columnContentTypes={["text", "text", "numeric"]}
                  headings={["Program", "Type", "Partners"]}
                  rows={programs.map((p) => [p.name, p.type, p.partnerCount])}
                />
              </BlockStack>
            )}
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
