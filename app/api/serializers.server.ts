import type { Balance } from "../../domain/commissions/partner-balances";
import type { Commission, CommissionRule, Customer, Lead, Link, Partner, Program, Transaction } from "../../db/schema/rows";

const percent = (bp: number | null | undefined) => (bp === null || bp === undefined ? undefined : bp / 100);
const iso = (d: Date | null) => d?.toISOString() ?? null;

function ruleJson(rule: CommissionRule) {
  return {
    commission:
      rule.kind === "percentage" ? { type: "percentage", percent: percent(rule.percentBasisPoints) } : { type: "fixed", amount: rule.amount, per: rule.fixedPer },
    recurring: rule.recurring && {
      percent: percent(rule.recurring.percentBasisPoints),
      amount: rule.recurring.amount,
      max_months: rule.recurring.maxMonths,
      max_payments: rule.recurring.maxPayments,
    },
    tiers: rule.tiers.map((t) => ({ threshold_amount: t.thresholdAmount, threshold_count: t.thresholdCount, percent: percent(t.percentBasisPoints), amount: t.amount })),
    tier_period: rule.tierPeriod.kind === "rolling" ? { days: rule.tierPeriod.days } : rule.tierPeriod.kind,
    product_overrides: rule.productOverrides.map((o) => ({
      product_id: o.productId,
      collection_id: o.collectionId,
      percent: percent(o.percentBasisPoints),
      amount: o.amount,
    })),
    rule_version: rule.version,
  };
}

export function programJson(program: Program, rule: CommissionRule) {
  return {
    id: program.id,
    name: program.name,
    type: program.type,
    currency: program.currency,
    cookie_days: program.cookieDays,
    attribution: program.attribution,
    hold_days: program.holdDays,
    payout_threshold: program.payoutThreshold,
    link_params: program.linkParams,
    lead_submission: program.leadSubmission,
    auto_approve_partners: program.autoApprovePartners,
    include_tax: program.includeTax,
    include_shipping: program.includeShipping,
    ...ruleJson(rule),
    created_at: iso(program.createdAt),
    updated_at: iso(program.updatedAt),
  };
}

export function partnerJson(partner: Partner, links: Link[], shopDomain: string, groupName: string | null = null) {
  return {
    id: partner.id,
    program_id: partner.programId,
    email: partner.email,
    name: partner.name,
    key: partner.key,
    status: partner.status,
    group: groupName,
    payout_method: partner.payoutMethod,
    payout_details: partner.payoutDetails,
    links: links.map((l) => ({ key: l.key, url: `https://${shopDomain}/?ref=${encodeURIComponent(l.key)}`, label: l.label })),
    created_at: iso(partner.createdAt),
  };
}

export const balanceJson = (b: Balance) => ({ currency: b.currency, pending: b.pending, approved: b.approved, reversed: b.reversed, paid: b.paid, in_payout: b.inPayout, payable: b.payable });

export function commissionJson(c: Commission, partnerKey?: string) {
  return {
    id: c.id,
    kind: c.kind,
    partner_id: c.partnerId,
    ...(partnerKey ? { partner_key: partnerKey } : {}),
    program_id: c.programId,
    transaction_id: c.transactionId,
    reverses_commission_id: c.reversesCommissionId,
    amount: c.amount,
    currency: c.currency,
    status: c.status,
    rule: c.ruleSnapshot,
    explanation: c.note,
    hold_until: iso(c.holdUntil),
    approved_at: iso(c.approvedAt),
    paid_at: iso(c.paidAt),
    payout_id: c.payoutId,
    created_at: iso(c.createdAt),
  };
}

export function transactionJson(t: Transaction, commissions: Commission[]) {
  return {
    id: t.id,
    key: t.externalId,
    type: t.type,
    amount: t.amount,
    currency: t.currency,
    program_id: t.programId,
    customer_id: t.customerId,
    partner_id: t.partnerId,
    refunds_transaction_id: t.refundsTransactionId,
    attribution: t.attribution,
    occurred_at: iso(t.occurredAt),
    commissions: commissions.map((c) => commissionJson(c)),
  };
}

export function customerJson(c: Customer, referrerKey: string | null) {
  return {
    id: c.id,
    key: c.key,
    program_id: c.programId,
    email: c.email,
    name: c.name,
    referrer: referrerKey,
    referrer_partner_id: c.referrerPartnerId,
    source: c.source,
    bound_at: iso(c.boundAt),
    created_at: iso(c.createdAt),
  };
}

export const leadJson = (l: Lead) => ({
  id: l.id,
  program_id: l.programId,
  partner_id: l.partnerId,
  email: l.email,
  name: l.name,
  status: l.status,
  customer_id: l.customerId,
  converted_at: iso(l.convertedAt),
  created_at: iso(l.createdAt),
});
