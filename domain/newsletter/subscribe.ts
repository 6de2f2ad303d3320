import { randomBytes } from "node:crypto";
import { and, eq } from "drizzle-orm";
import type { Database } from "../../db/client";
import { newsletterSubscriptions, partners } from "../../db/schema/index";
import { createPartner } from "../partners/create-partner";
import { findPartnerByReferralKey } from "../partners/find-partner";
import { findProgramOrThrow } from "../programs/find-program-or-throw";
import { invalid } from "../shared/errors";
import { hashToken } from "../shared/hash-token";
import { EMAIL_PATTERN, normalizeEmail } from "../shared/normalize";
import type { Partner } from "../../db/schema/rows";


/**
 * Subscribes an email to a newsletter program, remembering who referred it (an active subscriber of the same
 * program, never the email itself). The subscriber is pending until confirmed; the returned token goes in the
 * double opt-in link. Subscribing again before confirming issues a new token; after, it changes nothing.
 */
export async function subscribe(
  db: Database,
  shopId: string,
  input: { programId: string; email: string; referralKey?: string | null },
): Promise<{ subscriber: Partner; token: string | null }> {
  const program = await findProgramOrThrow(db, shopId, input.programId);
  if (program.type !== "newsletter" || program.archivedAt) throw invalid("this is not a newsletter program", "program_id");
  const email = input.email.trim();
  if (!EMAIL_PATTERN.test(email)) throw invalid("email must be an email address", "email");
  const token = randomBytes(24).toString("base64url");

  const referrer = input.referralKey ? await findPartnerByReferralKey(db, shopId, input.referralKey) : undefined;
  const referrerId =
    referrer && referrer.partner.programId === program.id && referrer.partner.status === "active" && referrer.partner.emailNormalized !== normalizeEmail(email)
      ? referrer.partner.id
      : null;

  return db.transaction(async (tx) => {
    const [existing] = await tx
      .select({ partner: partners, subscription: newsletterSubscriptions })
      .from(partners)
      .innerJoin(newsletterSubscriptions, eq(newsletterSubscriptions.partnerId, partners.id))
      .where(and(eq(partners.shopId, shopId), eq(partners.programId, program.id), eq(partners.emailNormalized, normalizeEmail(email))))
      .for("update");
    if (existing?.subscription.confirmedAt) return { subscriber: existing.partner, token: null };
    if (existing) {
      await tx.update(newsletterSubscriptions).set({ tokenHash: hashToken(token) }).where(eq(newsletterSubscriptions.id, existing.subscription.id));
      return { subscriber: existing.partner, token };
    }
    const { partner } = await createPartner(tx, shopId, { programId: program.id, email, status: "pending" });
    await tx.insert(newsletterSubscriptions).values({ shopId, programId: program.id, partnerId: partner.id, referrerPartnerId: referrerId, tokenHash: hashToken(token) });
    return { subscriber: partner, token };
  });
}
