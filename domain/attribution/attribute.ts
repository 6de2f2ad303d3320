import type { Database } from "../../db/client";
import type { AttributionRecord } from "../../db/schema/index";
import { findPartnerByCoupon } from "../coupons/find-partner-by-coupon";
import { findPartnerById, findPartnerByReferralKey } from "../partners/find-partner";
import { findPendingLeadByEmail } from "../leads/find-pending-lead-by-email";
import { normalizeEmail } from "../shared/normalize";
import type { Partner, Program } from "../../db/schema/rows";

/** What a sale or signup carries that may point to a partner. */
export interface AttributionEvidence {
  couponCode?: string | null;
  referralKey?: string | null;
  /** When the referral link was clicked; the cookie window runs from here. */
  clickedAt?: Date | null;
  /** The partner the customer is already bound to. */
  boundPartnerId?: string | null;
  email?: string | null;
  /** The buyer's own customer id, for self-referral detection. */
  customerId?: string | null;
  /** When the sale or signup happened. */
  at: Date;
}

export type NotAttributedReason =
  | "no_evidence"
  | "unknown_coupon"
  | "unknown_key"
  | "expired_cookie"
  | "suspended_partner"
  | "inactive_partner"
  | "other_program"
  | "self_referral";

export type Attribution =
  | { attributed: true; partner: Partner; evidence: "coupon" | "referral_key" | "customer_binding" | "lead"; linkId?: string; leadId?: string }
  | { attributed: false; reason: NotAttributedReason; partnerId?: string; evidence?: string };

type Candidate = { partner: Partner; evidence: "coupon" | "referral_key" | "customer_binding" | "lead"; linkId?: string; leadId?: string };

function withinCookieWindow(program: Program, clickedAt: Date | null | undefined, at: Date): boolean {
  if (program.cookieDays === null || !clickedAt) return true;
  return at.getTime() - clickedAt.getTime() <= program.cookieDays * 86_400_000;
}

/** Why this partner cannot be credited for this program, or undefined when it can. */
function disqualification(program: Program, partner: Partner, evidence: AttributionEvidence): NotAttributedReason | undefined {
  if (partner.programId !== program.id) return "other_program";
  if (partner.status === "suspended") return "suspended_partner";
  if (partner.status !== "active") return "inactive_partner";
  const ownEmail = evidence.email && normalizeEmail(evidence.email) === partner.emailNormalized;
  const ownCustomer = evidence.customerId && partner.customerId === evidence.customerId;
  if (ownEmail || ownCustomer) return "self_referral";
  return undefined;
}

/**
 * Strongest evidence first: partner coupon > referral key (inside the cookie window) > the customer's existing
 * referrer > a pending lead with the same email. The first candidate that qualifies wins; when none does, the
 * reason reported is the strongest evidence's.
 */
export async function attribute(db: Database, program: Program, evidence: AttributionEvidence): Promise<Attribution> {
  const shopId = program.shopId;
  let firstFailure: Extract<Attribution, { attributed: false }> | undefined;
  const fail = (failure: Extract<Attribution, { attributed: false }>) => {
    firstFailure ??= failure;
  };
  const consider = (candidate: Candidate): Attribution | undefined => {
    const reason = disqualification(program, candidate.partner, evidence);
    if (!reason) return { attributed: true, ...candidate };
    fail({ attributed: false, reason, partnerId: candidate.partner.id, evidence: candidate.evidence });
    return undefined;
  };

  if (evidence.couponCode) {
    const partner = await findPartnerByCoupon(db, shopId, evidence.couponCode);
    if (partner) {
      const result = consider({ partner, evidence: "coupon" });
      if (result) return result;
    } else fail({ attributed: false, reason: "unknown_coupon", evidence: "coupon" });
  }
  if (evidence.referralKey) {
    const found = await findPartnerByReferralKey(db, shopId, evidence.referralKey);
    if (!found) fail({ attributed: false, reason: "unknown_key", evidence: "referral_key" });
    else if (!withinCookieWindow(program, evidence.clickedAt, evidence.at)) {
      fail({ attributed: false, reason: "expired_cookie", partnerId: found.partner.id, evidence: "referral_key" });
    } else {
      const result = consider({ partner: found.partner, evidence: "referral_key", linkId: found.linkId });
      if (result) return result;
    }
  }
  if (evidence.boundPartnerId) {
    const partner = await findPartnerById(db, shopId, evidence.boundPartnerId);
    if (partner) {
      const result = consider({ partner, evidence: "customer_binding" });
      if (result) return result;
    }
  }
  if (evidence.email) {
    const lead = await findPendingLeadByEmail(db, shopId, program.id, evidence.email);
    if (lead) {
      const result = consider({ partner: lead.partner, evidence: "lead", leadId: lead.leadId });
      if (result) return result;
    }
  }
  return firstFailure ?? { attributed: false, reason: "no_evidence" };
}

/** The stored form of an attribution: the evidence used, or why nothing was credited. */
export function attributionRecord(result: Attribution): AttributionRecord {
  return result.attributed
    ? { attributed: true, partnerId: result.partner.id, evidence: result.evidence, details: { linkId: result.linkId, leadId: result.leadId } }
    : { attributed: false, reason: result.reason, partnerId: result.partnerId, evidence: result.evidence };
}
