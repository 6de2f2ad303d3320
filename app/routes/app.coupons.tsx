import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { BlockStack, Button, Card, FormLayout, InlineStack, Layout, Page, Text } from "@shopify/polaris";
import { z } from "zod";
import { createShopifyDiscountCode, deactivateShopifyDiscountCode, ShopifyDiscountError } from "../../connectors/shopify/discount-codes";
import { couponCodeTaken } from "../../domain/coupons/coupon-code-taken";
import { listProviderConnections } from "../../domain/access/list-provider-connections";
import { findPartnerCouponOrThrow } from "../../domain/coupons/find-partner-coupon-or-throw";
import { deactivatePartnerCoupon } from "../../domain/coupons/deactivate-partner-coupon";
import { listPartnerCoupons } from "../../domain/coupons/list-partner-coupons";
import { registerPartnerCoupon } from "../../domain/coupons/register-partner-coupon";
import { findPartnerById } from "../../domain/partners/find-partner";
import { listPartners } from "../../domain/partners/list-partners";
import { findProgramOrThrow } from "../../domain/programs/find-program-or-throw";
import { conflict, invalid, notFound } from "../../domain/shared/errors";
import { isUuid } from "../../domain/shared/ids";
import { parseMinorUnits } from "../../domain/shared/money";
import { formAction, formFields } from "../admin/form.server";
import { pageRequest } from "../admin/list-params.server";
import { requireShop } from "../admin/require-shop.server";
import { createStripeCouponForm, createStripePartnerCoupon, deactivateAtStripe } from "../admin/stripe-coupons.server";
import { ActionBanner } from "../components/action-banner";
import { SelectInput, TextInput } from "../components/form-fields";
import { formatDate, minorToDecimal } from "../components/format";
import { ListCard } from "../components/list-card";
import { RowAction } from "../components/row-action";
import { StatusBadge } from "../components/status-badge";
import { db } from "../db.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop, demo } = await requireShop(request);
  const page = pageRequest(new URL(request.url));
  const [coupons, partners, connections] = await Promise.all([
    listPartnerCoupons(db(), shop.id, page),
    listPartners(db(), shop.id, { status: "active" }, { limit: 250, offset: 0 }),
    listProviderConnections(db(), shop.id),
  ]);
  return {
    demo,
    coupons: coupons.rows,
    hasNext: coupons.hasNext,
    page: page.page,
    partners: partners.rows.map((p) => ({ id: p.id, label: `${p.name ?? p.email} (${p.key}) · ${p.programName}` })),
    stripeConnections: connections.filter((c) => c.provider === "stripe" && c.hasApiKey && !c.disabledAt).map((c) => ({ id: c.id, label: c.name ?? `Stripe · ${c.id.slice(0, 8)}` })),
  };
};

const create = z.object({
  intent: z.literal("create"),
  partner_id: z.string().min(1, "choose a partner"),
  code: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_-]{2,64}$/, "2-64 letters, digits, '-' or '_'"),
  value_type: z.enum(["percent", "amount"]),
  value: z.string().trim().min(1, "enter the discount"),
});
const deactivate = z.object({ intent: z.literal("deactivate"), id: z.string() });

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop, admin } = await requireShop(request);
  const fields = formFields(await request.formData());
  return formAction(async () => {
    if (fields.intent === "deactivate") {
      const { id } = deactivate.parse(fields);
      const found = await findPartnerCouponOrThrow(db(), shop.id, id);
      const atStripe = found.provider === "stripe" && !found.deletedAt ? await deactivateAtStripe(shop.id, found) : "";
      const coupon = await deactivatePartnerCoupon(db(), shop.id, id);
      if (admin && coupon.provider === "shopify" && coupon.externalId) await deactivateShopifyDiscountCode(admin.graphql, coupon.externalId);
      return { ok: true as const, message: `${coupon.code} deactivated${atStripe}` };
    }
    if (fields.intent === "create_stripe") {
      const created = await createStripePartnerCoupon(shop.id, createStripeCouponForm.parse(fields));
      return { ok: true as const, message: `${created.code} created in Stripe for ${created.partner}` };
    }
    const input = create.parse(fields);
    const partner = isUuid(input.partner_id) ? await findPartnerById(db(), shop.id, input.partner_id) : undefined;
    if (!partner) throw notFound("partner", "partner_id");
    const program = await findProgramOrThrow(db(), shop.id, partner.programId);
    if (await couponCodeTaken(db(), shop.id, input.code)) throw conflict(`code ${input.code} is already registered in this shop`, "code");
    const percent = Number(input.value);
    if (input.value_type === "percent" && !(Number.isFinite(percent) && percent > 0 && percent <= 100 && Number.isInteger(percent * 100))) {
      throw invalid("a percentage between 0.01 and 100", "value");
    }
    const value =
      input.value_type === "percent"
        ? { percentBasisPoints: Math.round(percent * 100) }
        : { amount: minorToDecimal(parseMinorUnits(input.value, program.currency, "value"), program.currency) };
    let externalId: string | null = null;
    if (admin) {
      try {
        externalId = await createShopifyDiscountCode(admin.graphql, { title: `${program.name}: ${partner.name ?? partner.key}`, code: input.code, value, startsAt: new Date() });
      } catch (error) {
        if (error instanceof ShopifyDiscountError) throw invalid(error.message, error.field);
        throw error;
      }
    }
    await registerPartnerCoupon(db(), shop.id, { programId: program.id, partnerId: partner.id, code: input.code, provider: admin ? "shopify" : "manual", externalId });
    return {
      ok: true as const,
      message: admin ? `${input.code} created in Shopify for ${partner.name ?? partner.key}` : `${input.code} registered (demo mode: no Shopify discount was created)`,
    };
  });
};

export default function Coupons() {
  const { demo, coupons, hasNext, page, partners, stripeConnections } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const errors = result && "errors" in result ? result.errors : undefined;
  return (
    <Page title="Coupons" subtitle="Partner coupons: orders that use one are credited to its partner">
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            <ActionBanner result={result} />
            <Card>
              <Form method="post" noValidate>
                <FormLayout>
                  <input type="hidden" name="intent" value="create" />
                  <Text as="h2" variant="headingMd">
                    Create a partner coupon {demo ? "(demo mode: registered here only)" : "as a Shopify discount code"}
                  </Text>
                  <SelectInput name="partner_id" label="Partner" options={partners.map((p) => ({ label: p.label, value: p.id }))} errors={errors} />
                  <FormLayout.Group>
                    <TextInput name="code" label="Code" placeholder="AVA10" errors={errors} />
                    <SelectInput
                      name="value_type"
                      label="Discount"
                      options={[
                        { label: "Percentage", value: "percent" },
                        { label: "Fixed amount", value: "amount" },
                      ]}
                    />
                    <TextInput name="value" label="Value" placeholder="10" errors={errors} />
                  </FormLayout.Group>
                  <InlineStack align="end">
                    <Button submit variant="primary" loading={navigation.state === "submitting" && navigation.formData?.get("intent") === "create"}>
                      Create coupon
                    </Button>
                  </InlineStack>
                </FormLayout>
              </Form>
            </Card>
            <StripePromotionCodeCard connections={stripeConnections} partners={partners} errors={errors} submitting={navigation.state === "submitting" && navigation.formData?.get("intent") === "create_stripe"} />
            <ListCard
              headings={["Code", "Partner", "Program", "Source", "Created", "Status", ""]}
              types={["text", "text", "text", "text", "text", "text", "text"]}
              rows={coupons.map((c) => [
                c.code,
                c.partner.name ?? c.partner.key,
                c.programName,
                c.provider,
                formatDate(c.createdAt),
                <StatusBadge key="s" status={c.deletedAt ? "deactivated" : "active"} />,
                c.deletedAt ? (
                  ""
                ) : (
                  <RowAction key="d" fields={{ intent: "deactivate", id: c.id }} label="Deactivate" tone="critical" />
                ),
              ])}
              empty="No partner coupons yet."
              page={page}
              hasNext={hasNext}
            />
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

function StripePromotionCodeCard(props: {
  connections: Array<{ id: string; label: string }>;
  partners: Array<{ id: string; label: string }>;
  errors: Record<string, string> | undefined;
  submitting: boolean;
}) {
  const { connections, partners, errors } = props;
  if (connections.length === 0) {
    return (
      <Card>
        <BlockStack gap="200">
          <Text as="h2" variant="headingMd">
            Stripe promotion code
          </Text>
          <Text as="p" tone="subdued">
            To create partner promotion codes in Stripe, add a Stripe API key to a Stripe connection on the Connections page: a restricted key (rk_…) with
            write access to Promotion Codes. The code is made for one of your Stripe coupons and carries the partner&apos;s key, so Stripe webhooks credit
            the partner.
          </Text>
        </BlockStack>
      </Card>
    );
  }
  return (
    <Card>
      <Form method="post" noValidate>
        <FormLayout>
          <input type="hidden" name="intent" value="create_stripe" />
          <Text as="h2" variant="headingMd">
            Create a Stripe promotion code
          </Text>
          {connections.length === 1 ? (
            <input type="hidden" name="connection_id" value={connections[0]!.id} />
          ) : (
            <SelectInput name="connection_id" label="Stripe connection" options={connections.map((c) => ({ label: c.label, value: c.id }))} errors={errors} />
          )}
          {connections.length === 1 && errors?.connection_id && <Text as="p" tone="critical">{errors.connection_id}</Text>}
          <SelectInput name="stripe_partner_id" label="Partner" options={partners.map((p) => ({ label: p.label, value: p.id }))} errors={errors} />
          <FormLayout.Group>
            <TextInput name="stripe_coupon" label="Stripe coupon id" placeholder="SUMMER10" helpText="An existing coupon of your Stripe account" errors={errors} />
            <TextInput name="stripe_code" label="Code" placeholder="AVA10" errors={errors} />
          </FormLayout.Group>
          <InlineStack align="end">
            <Button submit variant="primary" loading={props.submitting}>
              Create promotion code
            </Button>
          </InlineStack>
        </FormLayout>
      </Form>
    </Card>
  );
}
