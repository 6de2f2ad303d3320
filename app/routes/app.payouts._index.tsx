import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useRevalidator } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, FormLayout, InlineStack, Layout, Page, ProgressBar, Text } from "@shopify/polaris";
import { useEffect } from "react";
import { z } from "zod";
import { listPayoutBatches } from "../../domain/payouts/list-payout-batches";
import { listPayoutCurrencies } from "../../domain/payouts/list-payout-currencies";
import { DomainError } from "../../domain/shared/errors";
import { pageOf } from "../../domain/shared/page";
import { readPayoutJob } from "../api/read-payout-job.server";
import { formAction, formFields } from "../admin/form.server";
import { pageRequest } from "../admin/list-params.server";
import { requireShop } from "../admin/require-shop.server";
import { startCreateBatchJob } from "../admin/start-create-batch-job.server";
import { SelectInput } from "../components/form-fields";
import { formatDate, formatMoney } from "../components/format";
import { ListCard } from "../components/list-card";
import { StatusBadge } from "../components/status-badge";
import { db } from "../db.server";

/** The job the page follows (?job=), if it is one of this shop's payouts jobs. */
async function jobOf(shopId: string, jobId: string | null) {
  if (!jobId) return null;
  try {
    return await readPayoutJob(shopId, jobId);
  } catch (error) {
    if (error instanceof DomainError && error.code === "not_found") return null;
    throw error;
  }
}

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireShop(request);
  const url = new URL(request.url);
  const page = pageRequest(url);
  const [rows, currencies, job] = await Promise.all([
    listPayoutBatches(db(), shop.id, {}, { ...page, newestFirst: true }),
    listPayoutCurrencies(db(), shop.id),
    jobOf(shop.id, url.searchParams.get("job")),
  ]);
  const batches = pageOf(rows, page);
  return {
    batches: batches.rows.map(({ batch: b }) => ({
      id: b.id,
      status: b.status,
      currency: b.currency,
      totalAmount: b.totalAmount,
      payoutCount: b.payoutCount,
      pendingCount: b.pendingCount,
      failedCount: b.failedCount,
      createdAt: b.createdAt.toISOString(),
    })),
    hasNext: batches.hasNext,
    page: page.page,
    currencies,
    job: job && {
      id: job.id,
      state: job.state,
      progress: job.progress,
      batchId: job.batchId,
      payouts: Number(job.result?.payouts ?? 0),
      error: job.error,
    },
  };
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop } = await requireShop(request);
  const fields = formFields(await request.formData());
  const currencies = await listPayoutCurrencies(db(), shop.id);
  return formAction(async () => {
    const { currency } = z
      .object({
        currency: z.enum(currencies, "choose one of the shop's currencies"),
      })
      .parse(fields);
    const jobId = await startCreateBatchJob(shop.id, currency);
    if (!jobId)
      return {
        ok: false as const,
        errors: {
          currency: "the job queue is unreachable; try again in a minute",
        },
      };
    return redirect(`/app/payouts?job=${encodeURIComponent(jobId)}`);
  });
};

const running = (state: string | undefined) =>
  state === "waiting" || state === "active" || state === "delayed" || state === "prioritized" || state === "waiting-children";

function JobProgress({ job }: { job: NonNullable<ReturnType<typeof useLoaderData<typeof loader>>["job"]> }) {
  const revalidator = useRevalidator();
  const busy = running(job.state);
  useEffect(() => {
    if (!busy) return;
    const timer = setInterval(() => revalidator.state === "idle" && revalidator.revalidate(), 500);
    return () => clearInterval(timer);
  }, [busy, revalidator]);
  const { done = 0, total = 0 } = job.progress ?? {};
  const percent = job.state === "completed" ? 100 : total > 0 ? Math.round((done / total) * 100) : 0;
  if (job.state === "failed")
    return (
      <Banner tone="critical" title="The batch could not be created">
        {job.error}
      </Banner>
    );
  return (
    <Card>
      <BlockStack gap="200">
        <Text as="h3" variant="headingSm">
          {busy ? `Creating batch: ${done} of ${total || "?"} partners` : "Batch creation done"}
        </Text>
        <ProgressBar progress={percent} tone={busy ? "highlight" : "success"} animated={false} />
        {!busy &&
          (job.batchId ? (
            <Text as="p">
              {job.payouts} payout{job.payouts === 1 ? "" : "s"} in the new batch. <Link to={`/app/payouts/${job.batchId}`}>Open the batch</Link>
            </Text>
          ) : (
            <Text as="p" tone="subdued">
              No partner has an approved balance at or above the payout threshold: no batch was created.
            </Text>
          ))}
      </BlockStack>
    </Card>
  );
}

export default function Payouts() {
  const { batches, hasNext, page, currencies, job } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const errors = result && "errors" in result ? result.errors : undefined;
  return (
    <Page title="Payouts" subtitle="Batches of payouts to partners, exported for PayPal, Wise or your bank">
      <Layout>
        <Layout.AnnotatedSection
          title="Create a batch"
          description="One pending payout per partner whose approved commissions, net of refunds, reach the program's payout threshold. Created in the background."
        >
          <BlockStack gap="400">
            {job && <JobProgress job={job} />}
            <Card>
              <Form method="post" noValidate>
                <FormLayout>
                  <SelectInput name="currency" label="Currency" options={currencies.map((c) => ({ label: c, value: c }))} errors={errors} />
                  <InlineStack align="end">
                    <Button submit variant="primary" loading={navigation.state === "submitting"}>
                      Create batch
                    </Button>
                  </InlineStack>
                </FormLayout>
              </Form>
            </Card>
          </BlockStack>
        </Layout.AnnotatedSection>
        <Layout.Section>
          <ListCard
            headings={["Created", "Status", "Currency", "Payouts", "Total", ""]}
            types={["text", "text", "text", "numeric", "numeric", "text"]}
            empty="No payout batches yet."
            page={page}
            hasNext={hasNext}
            rows={batches.map((b) => [
              formatDate(b.createdAt),
              <StatusBadge key="s" status={b.status} />,
              b.currency,
              `${b.payoutCount}${b.pendingCount ? ` (${b.pendingCount} pending)` : ""}${b.failedCount ? ` (${b.failedCount} failed)` : ""}`,
              formatMoney(b.totalAmount, b.currency),
              <Link key="l" to={`/app/payouts/${b.id}`}>
                View
              </Link>,
            ])}
          />
        </Layout.Section>
      </Layout>
    </Page>
  );
}
