import { Form, useNavigation } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, FormLayout, InlineGrid, Text } from "@shopify/polaris";
import { useState } from "react";
import { CheckboxInput, SelectInput, TextInput } from "./form-fields";
import { minorToDecimal } from "./format";

/** The settings a program form starts from: the REST API's program JSON (see programJson). */
export interface ProgramValues {
  name: string;
  type: string;
  currency: string;
  cookie_days: number | null;
  attribution: string;
  hold_days: number;
  payout_threshold: number;
  link_params: string[];
  lead_submission: boolean;
  auto_approve_partners: boolean;
  include_tax: boolean;
  include_shipping: boolean;
  commission: { type: string; percent?: number; amount?: number | null; per?: string | null };
  recurring: { percent?: number; amount?: number | null; max_months?: number | null; max_payments?: number | null } | null;
  tiers: Array<{ threshold_amount?: number; threshold_count?: number; percent?: number; amount?: number }>;
  tier_period: string | { days: number };
  product_overrides: Array<{ product_id?: string; collection_id?: string; percent?: number; amount?: number }>;
}

export const newProgramValues: ProgramValues = {
  name: "",
  type: "affiliate",
  currency: "",
  cookie_days: 30,
  attribution: "last_click",
  hold_days: 30,
  payout_threshold: 0,
  link_params: ["ref", "via", "aff"],
  lead_submission: false,
  auto_approve_partners: false,
  include_tax: false,
  include_shipping: false,
  commission: { type: "percentage", percent: 10 },
  recurring: null,
  tiers: [],
  tier_period: "month",
  product_overrides: [],
};

/** How many tier rows the form offers. */
export const TIER_ROWS = 3;
export const OVERRIDE_ROWS = 3;

const currencyHelp = (shopCurrency?: string) =>
  shopCurrency ? `Your store's currency is ${shopCurrency}. Orders in another currency are not credited.` : "ISO 4217 code, e.g. EUR";

const str = (v: number | null | undefined) => (v === null || v === undefined ? "" : String(v));

export function ProgramForm({ values, errors, isNew, shopCurrency }: { values: ProgramValues; errors?: Record<string, string>; isNew: boolean; shopCurrency?: string }) {
  const navigation = useNavigation();
  const [commissionType, setCommissionType] = useState(values.commission.type);
  const [tierPeriod, setTierPeriod] = useState(typeof values.tier_period === "string" ? values.tier_period : "rolling");
  const cur = values.currency;
  const m = (v: number | null | undefined) => (v === null || v === undefined ? "" : minorToDecimal(v, cur));
  return (
    <Form method="post" noValidate>
      <BlockStack gap="400">
        {errors?.form && <Banner tone="critical">{errors.form}</Banner>}
        <Card>
          <FormLayout>
            <TextInput name="name" label="Name" defaultValue={values.name} errors={errors} />
            <FormLayout.Group>
              {isNew ? (
                <SelectInput
                  name="type"
                  label="Type"
                  defaultValue={values.type}
                  errors={errors}
                  options={[
                    { label: "Affiliate", value: "affiliate" },
                    { label: "Refer a friend", value: "referral" },
                    { label: "Newsletter referrals", value: "newsletter" },
                  ]}
                />
              ) : (
                <TextInput name="type_readonly" label="Type" defaultValue={values.type} helpText="Fixed once created" disabled />
              )}
              {isNew ? (
                <TextInput name="currency" label="Currency" defaultValue={values.currency} helpText={currencyHelp(shopCurrency)} errors={errors} />
              ) : (
                <TextInput name="currency_readonly" label="Currency" defaultValue={values.currency} helpText="Fixed once created" disabled />
              )}
            </FormLayout.Group>
          </FormLayout>
        </Card>
        <Card>
          <BlockStack gap="300">
            <Text as="h2" variant="headingMd">
              Tracking
            </Text>
            <FormLayout>
              <FormLayout.Group>
                <TextInput name="cookie_days" label="Cookie duration (days)" type="number" defaultValue={str(values.cookie_days)} helpText="Empty = lifetime" errors={errors} />
                <SelectInput
                  name="attribution"
                  label="Attribution model"
                  defaultValue={values.attribution}
                  errors={errors}
                  options={[
                    { label: "Last click", value: "last_click" },
                    { label: "First click", value: "first_click" },
                  ]}
                />
              </FormLayout.Group>
              <TextInput
                name="link_params"
                label="Link parameters"
                defaultValue={values.link_params.join(", ")}
                helpText="Query parameters that carry a referral key, comma-separated (ref, via, aff). Links of the form /apps/partners/r/KEY (through the app proxy) also work."
                errors={errors}
              />
            </FormLayout>
          </BlockStack>
        </Card>
        <Card>
          <BlockStack gap="300">
            <Text as="h2" variant="headingMd">
              Commission
            </Text>
            <FormLayout>
              <FormLayout.Group>
                <SelectInput
                  name="commission.type"
                  label="Commission type"
                  defaultValue={values.commission.type}
                  onChange={setCommissionType}
                  options={[
                    { label: "Percentage of the order", value: "percentage" },
                    { label: "Fixed amount", value: "fixed" },
                  ]}
                />
                {commissionType === "percentage" ? (
                  <TextInput name="commission.percent" label="Percent" suffix="%" defaultValue={str(values.commission.percent)} errors={errors} />
                ) : (
                  <TextInput name="commission.amount" label={`Amount (${cur})`} defaultValue={m(values.commission.amount)} errors={errors} />
                )}
                {commissionType === "fixed" && (
                  <SelectInput
                    name="commission.per"
                    label="Per"
                    defaultValue={values.commission.per ?? "order"}
                    options={[
                      { label: "Order", value: "order" },
                      { label: "Item", value: "item" },
                    ]}
                  />
                )}
              </FormLayout.Group>
              <Text as="h3" variant="headingSm">
                Tiers (marginal for amount thresholds; count thresholds apply to the whole order)
              </Text>
              {Array.from({ length: TIER_ROWS }, (_, i) => {
                const tier = values.tiers[i];
                return (
                  <BlockStack key={i} gap="100">
                    <InlineGrid columns={4} gap="200">
                      <SelectInput
                        name={`tiers.${i}.threshold_type`}
                        label={`Tier ${i + 1} threshold`}
                        defaultValue={tier?.threshold_count !== undefined ? "count" : "amount"}
                        options={[
                          { label: `Referred sales (${cur})`, value: "amount" },
                          { label: "Referred orders", value: "count" },
                        ]}
                      />
                      <TextInput name={`tiers.${i}.threshold`} label="From" defaultValue={tier ? (tier.threshold_count !== undefined ? String(tier.threshold_count) : m(tier.threshold_amount)) : ""} />
                      <SelectInput
                        name={`tiers.${i}.value_type`}
                        label="Earns"
                        defaultValue={tier?.amount !== undefined && tier.amount !== null ? "amount" : "percent"}
                        options={[
                          { label: "Percent", value: "percent" },
                          { label: `Amount (${cur})`, value: "amount" },
                        ]}
                      />
                      <TextInput name={`tiers.${i}.value`} label="Rate" defaultValue={tier ? (tier.amount !== undefined && tier.amount !== null ? m(tier.amount) : str(tier.percent)) : ""} />
                    </InlineGrid>
                    {errors?.[`tiers.${i}`] && (
                      <Text as="p" tone="critical">
                        {errors[`tiers.${i}`]}
                      </Text>
                    )}
                  </BlockStack>
                );
              })}
              <FormLayout.Group>
                <SelectInput
                  name="tier_period"
                  label="Tier period"
                  defaultValue={tierPeriod}
                  onChange={setTierPeriod}
                  errors={errors}
                  options={[
                    { label: "Calendar month", value: "month" },
                    { label: "Lifetime", value: "lifetime" },
                    { label: "Rolling days", value: "rolling" },
                  ]}
                />
                {tierPeriod === "rolling" && (
                  <TextInput
                    name="tier_period.days"
                    label="Days"
                    defaultValue={typeof values.tier_period === "object" ? String(values.tier_period.days) : "30"}
                    errors={errors}
                  />
                )}
              </FormLayout.Group>
              <Text as="h3" variant="headingSm">
                Product and collection rates (their lines earn this instead; an amount is per item)
              </Text>
              {Array.from({ length: OVERRIDE_ROWS }, (_, i) => {
                const override = values.product_overrides[i];
                return (
                  <BlockStack key={i} gap="100">
                    <InlineGrid columns={4} gap="200">
                      <SelectInput
                        name={`product_overrides.${i}.target_type`}
                        label={`Override ${i + 1}`}
                        defaultValue={override?.collection_id !== undefined ? "collection" : "product"}
                        options={[
                          { label: "Product id", value: "product" },
                          { label: "Collection id", value: "collection" },
                        ]}
                      />
                      <TextInput name={`product_overrides.${i}.target`} label="Id" defaultValue={override?.product_id ?? override?.collection_id ?? ""} />
                      <SelectInput
                        name={`product_overrides.${i}.value_type`}
                        label="Earns"
                        defaultValue={override?.amount !== undefined && override.amount !== null ? "amount" : "percent"}
                        options={[
                          { label: "Percent", value: "percent" },
                          { label: `Amount per item (${cur})`, value: "amount" },
                        ]}
                      />
                      <TextInput
                        name={`product_overrides.${i}.value`}
                        label="Rate"
                        defaultValue={override ? (override.amount !== undefined && override.amount !== null ? m(override.amount) : str(override.percent)) : ""}
                      />
                    </InlineGrid>
                    {errors?.[`product_overrides.${i}`] && (
                      <Text as="p" tone="critical">
                        {errors[`product_overrides.${i}`]}
                      </Text>
                    )}
                  </BlockStack>
                );
              })}
              <CheckboxInput name="recurring.enabled" label="Recurring: earn on subscription renewals" defaultChecked={values.recurring !== null} />
              <FormLayout.Group>
                <TextInput name="recurring.percent" label="Renewal percent" suffix="%" defaultValue={str(values.recurring?.percent)} helpText="Empty = the commission rate" errors={errors} />
                <TextInput name="recurring.max_months" label="For at most (months)" defaultValue={str(values.recurring?.max_months)} errors={errors} />
                <TextInput name="recurring.max_payments" label="For at most (payments)" defaultValue={str(values.recurring?.max_payments)} errors={errors} />
              </FormLayout.Group>
              {errors?.recurring && (
                <Text as="p" tone="critical">
                  {errors.recurring}
                </Text>
              )}
              <CheckboxInput name="include_tax" label="Commission on tax too" defaultChecked={values.include_tax} />
              <CheckboxInput name="include_shipping" label="Commission on shipping too" defaultChecked={values.include_shipping} />
            </FormLayout>
          </BlockStack>
        </Card>
        <Card>
          <BlockStack gap="300">
            <Text as="h2" variant="headingMd">
              Approval and payouts
            </Text>
            <FormLayout>
              <FormLayout.Group>
                <TextInput name="hold_days" label="Hold period (days)" type="number" defaultValue={String(values.hold_days)} helpText="Commissions wait this long before approval" errors={errors} />
                <TextInput name="payout_threshold" label={`Payout threshold (${cur})`} defaultValue={m(values.payout_threshold)} errors={errors} />
              </FormLayout.Group>
              <CheckboxInput name="auto_approve_partners" label="Approve new partners automatically" defaultChecked={values.auto_approve_partners} />
              <CheckboxInput name="lead_submission" label="Partners may submit leads" defaultChecked={values.lead_submission} />
            </FormLayout>
          </BlockStack>
        </Card>
        <Button submit variant="primary" loading={navigation.state === "submitting"}>
          {isNew ? "Create program" : "Save program"}
        </Button>
      </BlockStack>
    </Form>
  );
}
