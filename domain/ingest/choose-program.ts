import { and, asc, eq, isNull } from "drizzle-orm";
import type { Database } from "../../db/client";
import { partners, programs } from "../../db/schema/index";
import { findPartnerByCoupon } from "../coupons/find-partner-by-coupon";
import { findPartnerByReferralKey } from "../partners/find-partner";
import { cachedLookup } from "../shared/lookup-cache";
import type { Evidence } from "./normalized-event";
import { referralKeyFromUrl } from "./referral-key-from-url";
import type { Program } from "../../db/schema/rows";

function programOfPartner(db: Database, shopId: string, partnerId: string): Promise<Program | undefined> {
  return cachedLookup(`program-of-partner:${shopId}:${partnerId}`, async () => {
    const [row] = await db
      .select({ program: programs })
      .from(partners)
      .innerJoin(programs, eq(programs.id, partners.programId))
      .where(and(eq(partners.shopId, shopId), eq(partners.id, partnerId)));
    return row?.program;
  });
}

/** The shop's programs, oldest first, that can take money in this currency. */
export function activePrograms(db: Database, shopId: string): Promise<Program[]> {
  return cachedLookup(`active-programs:${shopId}`, () =>
    db.select().from(programs).where(and(eq(programs.shopId, shopId), isNull(programs.archivedAt))).orderBy(asc(programs.createdAt)),
  );
}

/**
 * Which program an event belongs to: the program of the partner its evidence names (coupon, then referral key,
 * then the customer's referrer); otherwise the oldest program in the event's currency, so that unattributed
 * sales are still recorded with the reason they were not credited.
 */
export async function chooseProgram(
  db: Database,
  shopId: string,
  evidence: Evidence,
  boundPartnerId: string | null,
  currency: string | null,
): Promise<{ program: Program; referralKey?: string } | undefined> {
  const candidates = await activePrograms(db, shopId);
  if (candidates.length === 0) return undefined;
  for (const code of evidence.couponCodes) {
    const partner = await findPartnerByCoupon(db, shopId, code);
    const program = partner && (await programOfPartner(db, shopId, partner.id));
    if (program) return { program };
  }
  const keys = [evidence.referralKey, ...candidates.map((p) => (evidence.landingUrl ? referralKeyFromUrl(evidence.landingUrl, p) : undefined))];
  for (const key of keys) {
    if (!key) continue;
    const found = await findPartnerByReferralKey(db, shopId, key);
    const program = found && (await programOfPartner(db, shopId, found.partner.id));
    if (program) return { program, referralKey: key };
  }
  if (boundPartnerId) {
    const program = await programOfPartner(db, shopId, boundPartnerId);
    if (program) return { program };
  }
  const fallback = candidates.find((p) => currency === null || p.currency === currency) ?? candidates[0]!;
  const landingKey = evidence.landingUrl ? referralKeyFromUrl(evidence.landingUrl, fallback) : undefined;
  return { program: fallback, referralKey: evidence.referralKey ?? landingKey };
}
