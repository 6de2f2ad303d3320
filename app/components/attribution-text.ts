import type { AttributionRecord } from "../../db/schema/index";

const evidenceText: Record<string, string> = {
  coupon: "the order used the partner's coupon",
  referral_key: "the order carried the partner's referral key (link click inside the cookie window)",
  customer_binding: "the customer was already referred by the partner",
  lead: "the customer's email matched a lead the partner submitted",
  refunded_sale: "a refund of an order credited to the partner",
  order_edit: "lines an edit added to an order credited to the partner",
};

const reasonText: Record<string, string> = {
  no_evidence: "no coupon, referral key, referred customer or lead pointed to a partner",
  unknown_coupon: "the discount code is not a partner coupon",
  unknown_key: "the referral key belongs to no partner",
  expired_cookie: "the click was older than the program's cookie duration",
  suspended_partner: "the partner is suspended",
  inactive_partner: "the partner is not approved yet",
  other_program: "the partner belongs to another program",
  self_referral: "self-referral: the buyer is the partner",
};

/** Why an order was, or was not, credited, in the merchant's words. */
export function attributionText(record: AttributionRecord | null | undefined): string {
  if (!record) return "Not evaluated";
  if (record.evidence === "refunded_sale") return record.attributed ? "Refund: reverses the commission of the order it refunds" : "Refund of an order nobody was credited for";
  if (record.reason === "test_order") {
    return `Test order: would credit ${String(record.details?.partnerKey ?? "the partner")} (${evidenceText[record.evidence ?? ""] ?? record.evidence}); test orders earn nothing`;
  }
  if (record.details?.testOrder) return `Test order: would credit nobody (${reasonText[record.reason ?? ""] ?? record.reason}); test orders earn nothing`;
  if (record.attributed) {
    const late = record.details?.boundAfterSale ? " (credited when the customer's referral arrived after the payment)" : "";
    return `Credited: ${evidenceText[record.evidence ?? ""] ?? record.evidence}${late}`;
  }
  return `Not credited: ${reasonText[record.reason ?? ""] ?? record.reason}${record.evidence ? ` (evidence: ${record.evidence})` : ""}`;
}
