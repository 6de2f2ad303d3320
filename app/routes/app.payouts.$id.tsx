import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { BlockStack, Card, InlineGrid, InlineStack, Page, Text } from "@shopify/polaris";
import type { ReactNode } from "react";
import { z } from "zod";
import { findPayoutBatchOrThrow } from "../../domain/payouts/find-payout-batch-or-throw";
import { listBatchPayouts } from "../../domain/payouts/list-batch-payouts";
import { markBatchPaid } from "../../domain/payouts/mark-batch-paid";
import { markPayoutFailed } from "../../domain/payouts/mark-payout-failed";
import { markPayoutPaid } from "../../domain/payouts/mark-payout-paid";
import { payoutExportFormats } from "../../domain/payouts/payout-export-formats";
import { pageOf } from "../../domain/shared/page";
import { formAction, formFields } from "../admin/form.server";
import { pageRequest } from "../admin/list-params.server";
import { orNotFound } from "../admin/or-not-found.server";
import { requireShop } from "../admin/require-shop.server";
import { ActionBanner } from "../components/action-banner";
import { formatDate, formatDateTime, formatMoney } from "../components/format";
import { ListCard } from "../components/list-card";
import { RowAction } from "../components/row-action";
import { StatusBadge } from "../components/status-badge";
import { db } from "../db.server";

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { shop } = await requireShop(request);
  const batch = await orNotFound(findPayoutBatchOrThrow(db(), shop.id, params.id!));
  const page = pageRequest(new URL(request.url));
  const payouts = pageOf(await listBatchPayouts(db(), shop.id, batch.id, {}, { ...page, newestFirst: true }), page);
  return {
    batch: {
      ...batch,
      createdAt: batch.createdAt.toISOString(),
      exportedAt: batch.exportedAt?.toISOString() ?? null,
      paidAt: batch.paidAt?.toISOString() ?? null,
    },
    payouts: payouts.rows.map(({ payout: p, partner }) => ({
      id: p.id,
      partner: partner.name ?? partner.key,
      method: p.method,
      amount: p.amount,
      currency: p.currency,
      status: p.status,
      reference: p.externalReference,
      paidAt: p.paidAt?.toISOString() ?? null,
    })),
    hasNext: payouts.hasNext,
    page: page.page,
  };
};

const input = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("mark-batch-paid") }),
  z.object({ intent: z.enum(["mark-paid", "mark-failed"]), id: z.string() }),
]);

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const { shop } = await requireShop(request);
  const fields = formFields(await request.formData());
  return formAction(async () => {
    const parsed = input.parse(fields);
    const batch = await findPayoutBatchOrThrow(db(), shop.id, params.id!);
    if (parsed.intent === "mark-batch-paid") {
      const { marked } = await markBatchPaid(db(), shop.id, batch.id);
      return {
        ok: true as const,
        message: `Marked ${marked} payout${marked === 1 ? "" : "s"} paid`,
      };
    }
    const mark = parsed.intent === "mark-paid" ? markPayoutPaid : markPayoutFailed;
    const { changed } = await mark(db(), shop.id, parsed.id, {
      batchId: batch.id,
    });
    const status = parsed.intent === "mark-paid" ? "paid" : "failed";
    return {
      ok: true as const,
      message: changed ? `Payout marked ${status}` : `The payout was already ${status}`,
    };
  });
};

const formatLabels: Record<string, string> = {
  paypal: "PayPal payouts file",
  wise: "Wise batch file",
  generic: "Generic CSV",
};

function TitledCard({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Card>
      <BlockStack gap="200">
        <Text as="h3" variant="headingSm">
          {title}
        </Text>
        {children}
      </BlockStack>
    </Card>
  );
}

export default function PayoutBatch() {
  const { batch, payouts, hasNext, page } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <Page
      title={`Payout batch ${formatDate(batch.createdAt)}`}
      titleMetadata={<StatusBadge status={batch.status} />}
      backAction={{ content: "Payouts", url: "/app/payouts" }}
    >
      <BlockStack gap="400">
        <ActionBanner result={result} />
        <InlineGrid columns={{ xs: 1, md: 3 }} gap="400">
          <TitledCard title={`Total (${batch.currency})`}>
            <Text as="p" variant="headingLg">
              {formatMoney(batch.totalAmount, batch.currency)}
            </Text>
            <Text as="p" tone="subdued">
              {batch.payoutCount} payout{batch.payoutCount === 1 ? "" : "s"}: {batch.pendingCount} pending, {batch.paidCount} paid, {batch.failedCount} failed
            </Text>
          </TitledCard>
          <TitledCard title="Export">
            {payoutExportFormats.map((format) => (
              <a key={format} href={`/app/payouts/${batch.id}/export?format=${format}`} download>
                {formatLabels[format] ?? format}
              </a>
            ))}
            <Text as="p" tone="subdued">
              {batch.exportedAt ? `Exported ${formatDateTime(batch.exportedAt)}` : "Exporting marks a draft batch exported."}
            </Text>
          </TitledCard>
          <TitledCard title="Paid">
            <Text as="p" tone="subdued">
              {batch.paidAt ? `Paid ${formatDateTime(batch.paidAt)}` : "Once the provider has sent the money, mark every pending payout paid."}
            </Text>
            {batch.pendingCount > 0 && (
              <InlineStack>
                <RowAction fields={{ intent: "mark-batch-paid" }} label="Mark batch paid" />
              </InlineStack>
            )}
          </TitledCard>
        </InlineGrid>
        <ListCard
          headings={["Partner", "Method", "Amount", "Status", "Paid / reference", ""]}
          types={["text", "text", "numeric", "text", "text", "text"]}
          empty="No payouts in this batch."
          page={page}
          hasNext={hasNext}
          rows={payouts.map((p) => [
            p.partner,
            p.method ?? "—",
            formatMoney(p.amount, p.currency),
            <StatusBadge key="s" status={p.status} />,
            p.reference ?? (p.paidAt ? formatDate(p.paidAt) : "—"),
            <InlineStack key="a" gap="200">
              {p.status === "pending" && <RowAction fields={{ intent: "mark-paid", id: p.id }} label="Mark paid" />}
              {p.status !== "failed" && <RowAction fields={{ intent: "mark-failed", id: p.id }} label="Mark failed" tone="critical" />}
            </InlineStack>,
          ])}
        />
      </BlockStack>
    </Page>
  );
}
