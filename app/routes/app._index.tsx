import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Banner, BlockStack, Button, ButtonGroup, Card, DataTable, InlineGrid, Layout, Page, Text } from "@shopify/polaris";
import { dashboardSummary } from "../../domain/reports/dashboard-summary";
import { addShopDays, startOfShopDay } from "../../domain/shops/shop-time";
import { requireShop } from "../admin/require-shop.server";
import { formatDateTime, formatMoney } from "../components/format";
import { LineChart } from "../components/line-chart";
import { db } from "../db.server";

const PERIODS = [7, 30, 90] as const;

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireShop(request);
  const url = new URL(request.url);
  const days = PERIODS.find((d) => String(d) === url.searchParams.get("days")) ?? 30;
  // Whole calendar days of the store, today included.
  const to = addShopDays(startOfShopDay(new Date(), shop.timezone), 1, shop.timezone);
  const from = addShopDays(to, -days, shop.timezone);
  const summary = await dashboardSummary(db(), shop.id, { from, to, timeZone: shop.timezone });
  return { days, currency: shop.currency, summary };
};

function Metric({ label, value }: { label: string; value: string }) {
  return (
    <Card>
      <BlockStack gap="100">
        <Text as="h3" variant="bodySm" tone="subdued">
          {label}
        </Text>
        <Text as="p" variant="headingLg">
          {value}
        </Text>
      </BlockStack>
    </Card>
  );
}

export default function Dashboard() {
  const { days, currency, summary } = useLoaderData<typeof loader>();
  const money = summary.money.length > 0 ? summary.money : [{ currency, revenue: 0, pending: 0, approved: 0, paid: 0, reversed: 0 }];
  const chartCurrency = summary.seriesCurrency ?? currency;
  return (
    <Page
      title="Dashboard"
      primaryAction={
        <ButtonGroup variant="segmented">
          {PERIODS.map((d) => (
            <Button key={d} url={`/app?days=${d}`} pressed={d === days}>
              {`${d} days`}
            </Button>
          ))}
        </ButtonGroup>
      }
    >
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            {summary.attention.length > 0 && (
              <Banner tone="critical" title={`${summary.attention.length} inbound events need attention`}>
                <BlockStack gap="100">
                  {summary.attention.map((e) => (
                    <p key={e.id}>
                      {e.provider} {e.topic} received {formatDateTime(e.receivedAt)}: {e.abandoned ? "abandoned" : "not processed yet"}
                      {e.lastError ? ` (${e.lastError})` : ""}
                    </p>
                  ))}
                  <Link to="/app/activity">Open activity</Link>
                </BlockStack>
              </Banner>
            )}
            <InlineGrid columns={{ xs: 2, md: 4 }} gap="400">
              <Metric label="Clicks" value={summary.clicks.toLocaleString("en-US")} />
              <Metric label="Referred customers" value={summary.referredCustomers.toLocaleString("en-US")} />
              {money.map((m) => (
                <Metric key={`revenue-${m.currency}`} label={`Referred revenue (${m.currency})`} value={formatMoney(m.revenue, m.currency)} />
              ))}
              {money.map((m) => (
                <Metric key={`pending-${m.currency}`} label="Commissions pending" value={formatMoney(m.pending, m.currency)} />
              ))}
              {money.map((m) => (
                <Metric key={`approved-${m.currency}`} label="Commissions approved" value={formatMoney(m.approved, m.currency)} />
              ))}
              {money.map((m) => (
                <Metric key={`paid-${m.currency}`} label="Commissions paid" value={formatMoney(m.paid, m.currency)} />
              ))}
              {money.map((m) => (
                <Metric key={`reversed-${m.currency}`} label="Reversed by refunds" value={formatMoney(m.reversed, m.currency)} />
              ))}
            </InlineGrid>
            <Card>
              <BlockStack gap="200">
                <Text as="h2" variant="headingMd">
                  Last {days} days
                </Text>
                <LineChart
                  title={`Clicks, referred revenue and commissions per day over the last ${days} days`}
                  labels={summary.series.map((s) => s.day)}
                  series={[
                    { name: "Clicks", color: "#2c6ecb", values: summary.series.map((s) => s.clicks), format: (v) => String(v) },
                    { name: "Revenue", color: "#008060", values: summary.series.map((s) => s.revenue), format: (v) => formatMoney(v, chartCurrency), scale: "money" },
                    { name: "Commissions", color: "#b98900", values: summary.series.map((s) => s.commissions), format: (v) => formatMoney(v, chartCurrency), scale: "money" },
                  ]}
                />
              </BlockStack>
            </Card>
            <Card>
              <BlockStack gap="200">
                <Text as="h2" variant="headingMd">
                  Top partners
                </Text>
                {summary.topPartners.length === 0 ? (
                  <Text as="p" tone="subdued">
                    No referred orders in this period.
                  </Text>
                ) : (
                  <DataTable
                    columnContentTypes={["text", "numeric", "numeric"]}
                    headings={["Partner", "Orders", "Referred revenue"]}
                    rows={summary.topPartners.map((p) => [
                      <Link key={p.id} to={`/app/partners/${p.id}`}>
                        {p.name ?? p.key}
                      </Link>,
                      p.orders,
                      formatMoney(p.revenue, p.currency),
                    ])}
                  />
                )}
              </BlockStack>
            </Card>
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
