import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { referralLinkUrls } from "../../domain/links/referral-link-urls";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, DataTable, FormLayout, InlineGrid, InlineStack, Layout, Page, Text } from "@shopify/polaris";
import { z } from "zod";
import { partnerBalances } from "../../domain/commissions/partner-balances";
import { findPartnerById } from "../../domain/partners/find-partner";
import { partnerActivity } from "../../domain/partners/partner-activity";
import { partnerDetails } from "../../domain/partners/partner-details";
import { updatePartner } from "../../domain/partners/update-partner";
import { findProgramOrThrow } from "../../domain/programs/find-program-or-throw";
import { isUuid } from "../../domain/shared/ids";
import { formAction, formFields } from "../admin/form.server";
import { requireShop } from "../admin/require-shop.server";
import { attributionText } from "../components/attribution-text";
import { CopyField } from "../components/copy-field";
import { SelectInput, TextInput } from "../components/form-fields";
import { formatDate, formatMoney } from "../components/format";
import { SectionCard } from "../components/section-card";
import { StatusBadge } from "../components/status-badge";
import { db } from "../db.server";

async function load(request: Request, id: string) {
  const { shop } = await requireShop(request);
  const partner = isUuid(id) ? await findPartnerById(db(), shop.id, id) : undefined;
  if (!partner) throw new Response("Partner not found", { status: 404 });
  return { shop, partner };
}

/** Every link of the partner in each of the program's link formats. */
const ownPercentOf = (rule: { kind: string; percentBasisPoints: number | null } | null) =>
  rule?.kind === "percentage" && rule.percentBasisPoints !== null ? String(rule.percentBasisPoints / 100) : "";

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { shop, partner } = await load(request, params.id!);
  const [program, activity, balances, details] = await Promise.all([
    findProgramOrThrow(db(), shop.id, partner.programId),
    partnerActivity(db(), shop.id, partner.id),
    partnerBalances(db(), shop.id, partner.id),
    partnerDetails(db(), shop.id, [partner]),
  ]);
  return {
    partner,
    group: details.groupOf(partner.groupId),
    program: { id: program.id, name: program.name, currency: program.currency },
    links: activity.links.map((l) => ({ id: l.id, key: l.key, label: l.label, urls: referralLinkUrls(shop, program, l.key) })),
    coupons: activity.coupons.map((c) => ({ id: c.id, code: c.code, provider: c.provider })),
    customers: activity.customers.map((c) => ({ id: c.id, email: c.email, name: c.name, source: c.source, boundAt: c.boundAt })),
    commissions: activity.commissions,
    payouts: activity.payouts,
    orders: activity.orders.map((t) => ({ id: t.id, externalId: t.externalId, type: t.type, amount: t.amount, currency: t.currency, occurredAt: t.occurredAt, why: attributionText(t.attribution) })),
    balances,
    ownPercent: ownPercentOf(activity.ownRule),
  };
};

const edit = z.object({
  group: z.string().trim().max(100),
  payout_method: z.enum(["", "paypal", "wise", "bank", "store_credit", "manual"]),
  payout_email: z.union([z.literal(""), z.string().trim().email("must be an email address")]),
  commission_percent: z.union([z.literal(""), z.coerce.number("must be a number").min(0, "must be 0 to 100").max(100, "must be 0 to 100")]),
});

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const { shop, partner } = await load(request, params.id!);
  const fields = formFields(await request.formData());
  return formAction(async () => {
    if (fields.intent === "approve" || fields.intent === "suspend") {
      await updatePartner(db(), shop.id, partner.key, { status: fields.intent === "approve" ? "active" : "suspended" });
      return { ok: true as const, message: fields.intent === "approve" ? "Partner approved" : "Partner suspended" };
    }
    const input = edit.parse(fields);
    await updatePartner(db(), shop.id, partner.key, {
      group: input.group === "" ? null : input.group,
      payoutMethod: input.payout_method === "" ? null : input.payout_method,
      payoutDetails: input.payout_email ? { email: input.payout_email } : {},
      // Untouched, the partner's own rule (which may be a fixed amount the form does not show) stays as it is.
      commission:
        String(fields.commission_percent ?? "") === String(fields.commission_percent_before ?? "")
          ? undefined
          : input.commission_percent === ""
            ? null
            : { kind: "percentage", percentBasisPoints: Math.round(input.commission_percent * 100) },
    });
    return { ok: true as const, message: "Partner saved" };
  });
};

const none = (what: string) => (
  <Text as="p" tone="subdued">
    No {what} yet.
  </Text>
);

export default function PartnerPage() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const [params] = useSearchParams();
  const { partner, program } = data;
  const errors = result && "errors" in result ? result.errors : undefined;
  const money = (amount: number, currency = program.currency) => formatMoney(amount, currency);
  return (
    <Page
      title={partner.name ?? partner.email}
      subtitle={`${partner.email} · ${program.name} · key ${partner.key}`}
      titleMetadata={<StatusBadge status={partner.status} />}
      backAction={{ content: "Partners", url: "/app/partners" }}
      primaryAction={
        <Form method="post">
          <input type="hidden" name="intent" value={partner.status === "active" ? "suspend" : "approve"} />
          <Button submit variant="primary" tone={partner.status === "active" ? "critical" : undefined}>
            {partner.status === "active" ? "Suspend" : "Approve"}
          </Button>
        </Form>
      }
    >
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            {params.get("created") && !result && <Banner tone="success">Partner created</Banner>}
            {result?.ok && <Banner tone="success">{result.message}</Banner>}
            <InlineGrid columns={{ xs: 2, md: 5 }} gap="300">
              {(data.balances.length ? data.balances : [{ currency: program.currency, pending: 0, approved: 0, paid: 0, inPayout: 0, payable: 0, reversed: 0 }]).flatMap((b) => [
                ["Pending", b.pending, b.currency],
                ["Approved", b.approved, b.currency],
                ["Paid", b.paid, b.currency],
                ["In payout", b.inPayout, b.currency],
                ["Payable", b.payable, b.currency],
              ]).map(([label, amount, currency]) => (
                <Card key={`${label}-${currency}`}>
                  <Text as="p" tone="subdued">
                    {label}
                  </Text>
                  <Text as="p" variant="headingLg">
                    {money(amount as number, currency as string)}
                  </Text>
                </Card>
              ))}
            </InlineGrid>
            <SectionCard title="Links">
              {data.links.map((link) => (
                <BlockStack key={link.id} gap="100">
                  {link.urls.map((url) => (
                    <CopyField key={url} label={`Link ${link.key}`} value={url} />
                  ))}
                </BlockStack>
              ))}
            </SectionCard>
            <SectionCard title="Orders and attribution evidence">
              {data.orders.length === 0
                ? none("orders")
                : (
                  <DataTable
                    columnContentTypes={["text", "text", "numeric", "text", "text"]}
                    headings={["Order", "Type", "Amount", "Date", "Why"]}
                    rows={data.orders.map((o) => [o.externalId, o.type, money(o.amount, o.currency), formatDate(o.occurredAt), o.why])}
                  />
                )}
            </SectionCard>
            <SectionCard title="Commissions">
              {data.commissions.length === 0
                ? none("commissions")
                : (
                  <DataTable
                    columnContentTypes={["text", "text", "numeric", "text", "text"]}
                    headings={["Order", "Kind", "Amount", "Status", "Date"]}
                    rows={data.commissions.map(({ commission: c, transaction: t }) => [
                      t.externalId,
                      c.kind === "reversal" ? `reversal (refund ${money(t.amount, t.currency)})` : "commission",
                      money(c.kind === "reversal" ? -c.amount : c.amount, c.currency),
                      <StatusBadge key="s" status={c.status} />,
                      formatDate(t.occurredAt),
                    ])}
                  />
                )}
            </SectionCard>
            <SectionCard title="Referred customers">
              {data.customers.length === 0
                ? none("referred customers")
                : (
                  <DataTable
                    columnContentTypes={["text", "text", "text", "text"]}
                    headings={["Customer", "Email", "Source", "Referred"]}
                    rows={data.customers.map((c) => [c.name ?? "—", c.email ?? "—", c.source ?? "—", formatDate(c.boundAt)])}
                  />
                )}
            </SectionCard>
            <SectionCard title="Payouts">
              {data.payouts.length === 0
                ? none("payouts")
                : (
                  <DataTable
                    columnContentTypes={["numeric", "text", "text", "text"]}
                    headings={["Amount", "Method", "Status", "Paid"]}
                    rows={data.payouts.map((p) => [money(p.amount, p.currency), p.method ?? "—", <StatusBadge key="s" status={p.status} />, formatDate(p.paidAt)])}
                  />
                )}
            </SectionCard>
          </BlockStack>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <BlockStack gap="400">
            <SectionCard title="Coupons">
              {data.coupons.length === 0 ? none("coupons") : data.coupons.map((c) => <CopyField key={c.id} label="Coupon" value={c.code} />)}
            </SectionCard>
            <SectionCard title="Settings">
              <Form method="post" noValidate>
                <FormLayout>
                  <input type="hidden" name="intent" value="edit" />
                  <TextInput name="group" label="Group" defaultValue={data.group ?? ""} errors={errors} helpText="Created in the program if new" />
                  <SelectInput
                    name="payout_method"
                    label="Payout method"
                    defaultValue={partner.payoutMethod ?? ""}
                    errors={errors}
                    options={[
                      { label: "Not set", value: "" },
                      { label: "PayPal", value: "paypal" },
                      { label: "Wise", value: "wise" },
                      { label: "Bank transfer", value: "bank" },
                      { label: "Store credit", value: "store_credit" },
                      { label: "Manual", value: "manual" },
                    ]}
                  />
                  <TextInput name="payout_email" label="Payout email" defaultValue={partner.payoutDetails.email ?? ""} errors={errors} />
                  <input type="hidden" name="commission_percent_before" value={data.ownPercent} />
                  <TextInput name="commission_percent" label="Own commission (%)" defaultValue={data.ownPercent} helpText="Overrides group and program; empty = none" errors={errors} />
                  <InlineStack align="end">
                    <Button submit loading={navigation.state === "submitting"}>
                      Save
                    </Button>
                  </InlineStack>
                </FormLayout>
              </Form>
            </SectionCard>
            <Link to={`/app/commissions?partner=${partner.id}`}>All commissions of this partner</Link>
            <Link to={`/app/customers?partner=${partner.id}`}>All customers this partner referred</Link>
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
