import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSubmit } from "@remix-run/react";
import { BlockStack, Page, Text } from "@shopify/polaris";
import { z } from "zod";
import type { RewardSpec } from "../../db/schema/index";
import { listRewards, REWARD_STATUSES } from "../../domain/rewards/list-rewards";
import { retryReward, STUCK_AFTER_MS } from "../../domain/rewards/retry-reward";
import { enqueueIssueRewards } from "../admin/enqueue-issue-rewards.server";
import { formAction, formFields } from "../admin/form.server";
import { oneOf, pageRequest } from "../admin/list-params.server";
import { requireShop } from "../admin/require-shop.server";
import { ActionBanner } from "../components/action-banner";
import { SelectInput } from "../components/form-fields";
import { formatDateTime, formatMoney } from "../components/format";
import { ListCard } from "../components/list-card";
import { RowAction } from "../components/row-action";
import { StatusBadge } from "../components/status-badge";
import { db } from "../db.server";

/** The reward a program promised, in words. */
function describeSpec(spec: RewardSpec, currency: string): string {
  if (spec.type === "percentage_discount") return `${spec.percentBasisPoints / 100} % discount code`;
  if (spec.type === "fixed_discount") return `${formatMoney(spec.amount, currency)} discount code`;
  if (spec.type === "store_credit") return `${formatMoney(spec.amount, currency)} store credit`;
  return "cash commission on the order";
}

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireShop(request);
  const url = new URL(request.url);
  const page = pageRequest(url);
  const status = oneOf(url.searchParams.get("status"), REWARD_STATUSES);
  const result = await listRewards(db(), shop.id, { status }, page);
  const stuckBefore = Date.now() - STUCK_AFTER_MS;
  const rows = result.rows.map(({ reward, program, partner, friendEmail }) => ({
    id: reward.id,
    program: program.name,
    recipient: { id: partner.id, label: partner.name ? `${partner.name} (${partner.key})` : `${partner.email} (${partner.key})` },
    earnedBy: reward.milestone !== null ? `${reward.milestone} confirmed referrals` : `first order of ${friendEmail ?? "a referred customer"}`,
    promised: describeSpec(reward.spec, program.currency),
    issued:
      reward.status !== "issued"
        ? "—"
        : reward.code
          ? `code ${reward.code}`
          : reward.spec.type === "store_credit" && reward.amount !== null
            ? `${formatMoney(reward.amount, reward.currency ?? program.currency)} store credit`
            : reward.spec.type === "commission"
              ? "commission"
              : (reward.externalId ?? "—"),
    status: reward.status,
    error: reward.error,
    createdAt: reward.createdAt,
    retryable: reward.status === "failed" || (reward.status === "issuing" && reward.createdAt.getTime() < stuckBefore),
  }));
  return { rows, hasNext: result.hasNext, page: page.page, status: status ?? "" };
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop } = await requireShop(request);
  const fields = formFields(await request.formData());
  return formAction(async () => {
    const { id } = z.object({ intent: z.literal("retry"), id: z.string() }).parse(fields);
    await retryReward(db(), shop.id, id);
    const message = (await enqueueIssueRewards()) ? "Retrying: the reward is being issued again" : "Released: the issue-rewards job issues it at its next run (every minute)";
    return { ok: true as const, message };
  });
};

/** Long text (an email, Shopify's error) wraps in its cell instead of widening the table. */
function Wrapped({ text, tone }: { text: string; tone?: "critical" }) {
  return (
    <div style={{ whiteSpace: "normal", maxWidth: 220, overflowWrap: "anywhere" }}>
      <Text as="span" tone={tone} variant={tone ? "bodySm" : "bodyMd"}>
        {text}
      </Text>
    </div>
  );
}

export default function Rewards() {
  const { rows, hasNext, page, status } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const submit = useSubmit();
  return (
    <Page title="Rewards" subtitle="Refer-a-friend and newsletter milestone rewards, each issued once">
      <BlockStack gap="400">
        <ActionBanner result={result} />
        <Text as="p" tone="subdued">
          A failed reward was refused by Shopify (nothing was created). One still issuing after 5 minutes lost its answer: Shopify may have created it, so check
          the discount codes or the customer&apos;s store credit in Shopify before you retry it.
        </Text>
        <ListCard
          filters={
            <Form method="get" onChange={(e) => submit(e.currentTarget)} style={{ maxWidth: 240 }}>
              <SelectInput name="status" label="Status" defaultValue={status} options={[{ label: "Any", value: "" }, ...REWARD_STATUSES.map((s) => ({ label: s, value: s }))]} />
            </Form>
          }
          headings={["Recipient", "Earned by", "Reward", "Issued", "Status", "Created", ""]}
          types={["text", "text", "text", "text", "text", "text", "text"]}
          rows={rows.map((r) => [
            <BlockStack key="p" gap="050">
              <Link to={`/app/partners/${r.recipient.id}`}>{r.recipient.label}</Link>
              <Text as="span" tone="subdued" variant="bodySm">
                {r.program}
              </Text>
            </BlockStack>,
            <Wrapped key="e" text={r.earnedBy} />,
            r.promised,
            r.issued,
            <BlockStack key="s" gap="100" inlineAlign="start">
              <StatusBadge status={r.status} />
              {r.error ? <Wrapped text={r.error} tone="critical" /> : null}
            </BlockStack>,
            formatDateTime(r.createdAt),
            r.retryable ? <RowAction key="r" fields={{ intent: "retry", id: r.id }} label="Retry" /> : "",
          ])}
          empty="No rewards yet: they appear when a referred friend's first order is paid or a subscriber reaches a milestone."
          page={page}
          hasNext={hasNext}
        />
      </BlockStack>
    </Page>
  );
}
