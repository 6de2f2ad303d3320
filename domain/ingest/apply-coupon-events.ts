import { and, eq, inArray, or } from "drizzle-orm";
import type { Database } from "../../db/client";
import { couponCodes, discounts } from "../../db/schema/index";
import { findPartnerByKeyOrThrow } from "../partners/find-partner";
import { DomainError } from "../shared/errors";
import { normalizeCode } from "../shared/normalize";
import type { NormalizedEvent } from "./normalized-event";
import { saveReference } from "./provider-references";

type CouponCodeEvent = Extract<NormalizedEvent, { type: "coupon_code" }>;
type DiscountDeleted = Extract<NormalizedEvent, { type: "discount_deleted" }>;
type DiscountLink = Extract<NormalizedEvent, { type: "discount_link" }>;

/** A discount applied through a promotion code: sales naming the discount used that code. */
export async function applyDiscountLink(db: Database, shopId: string, provider: string, event: DiscountLink): Promise<undefined> {
  await saveReference(db, shopId, provider, "discount", event.discountExternalId, event.promotionCodeExternalId);
  return undefined;
}

async function upsertDiscount(db: Database, shopId: string, provider: string, externalId: string): Promise<string> {
  const [row] = await db
    .insert(discounts)
    .values({ shopId, provider, externalId })
    .onConflictDoUpdate({ target: [discounts.shopId, discounts.provider, discounts.externalId], set: { deletedAt: null } })
    .returning({ id: discounts.id });
  return row!.id;
}

/**
 * A code created or changed at the provider. With a partner key in its metadata it becomes (or stays) that
 * partner's coupon; otherwise only a code the app already knows is updated. Inactive codes stop attributing.
 */
export async function applyCouponCode(db: Database, shopId: string, provider: string, event: CouponCodeEvent): Promise<string | undefined> {
  // Remembered whoever owns it: a partner coupon registered later by its text is then found from the id webhooks name.
  await saveReference(db, shopId, provider, "promotion_code", event.externalId, event.code);
  const discountId = await upsertDiscount(db, shopId, provider, event.discountExternalId ?? event.externalId);
  const deletedAt = event.active ? null : new Date();
  const codeNormalized = normalizeCode(event.code);
  if (event.partnerKey) {
    let partner;
    try {
      partner = await findPartnerByKeyOrThrow(db, shopId, event.partnerKey);
    } catch (error) {
      if (error instanceof DomainError) return `no partner with key ${event.partnerKey}`;
      throw error;
    }
    const [row] = await db
      .insert(couponCodes)
      .values({ shopId, programId: partner.programId, partnerId: partner.id, discountId, code: event.code, codeNormalized, provider, externalId: event.externalId, deletedAt })
      .onConflictDoUpdate({ target: [couponCodes.shopId, couponCodes.codeNormalized], set: { discountId, externalId: event.externalId, deletedAt } })
      .returning({ partnerId: couponCodes.partnerId });
    return row!.partnerId === partner.id ? undefined : `code ${event.code} belongs to another partner; left as it is`;
  }
  const updated = await db
    .update(couponCodes)
    .set({ discountId, externalId: event.externalId, deletedAt })
    .where(and(eq(couponCodes.shopId, shopId), or(eq(couponCodes.externalId, event.externalId), eq(couponCodes.codeNormalized, codeNormalized))))
    .returning({ id: couponCodes.id });
  return updated.length ? undefined : `code ${event.code} is not a partner coupon`;
}

/** A deleted discount: every code of it stops attributing. */
export async function applyDiscountDeleted(db: Database, shopId: string, provider: string, event: DiscountDeleted): Promise<string | undefined> {
  const now = new Date();
  const gone = await db
    .update(discounts)
    .set({ deletedAt: now })
    .where(and(eq(discounts.shopId, shopId), eq(discounts.provider, provider), eq(discounts.externalId, event.discountExternalId)))
    .returning({ id: discounts.id });
  const ids = gone.map((d) => d.id);
  await db
    .update(couponCodes)
    .set({ deletedAt: now })
    .where(
      and(
        eq(couponCodes.shopId, shopId),
        ids.length ? or(inArray(couponCodes.discountId, ids), eq(couponCodes.externalId, event.discountExternalId)) : eq(couponCodes.externalId, event.discountExternalId),
      ),
    );
  return undefined;
}
