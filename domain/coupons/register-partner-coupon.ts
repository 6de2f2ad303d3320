import type { Database } from "../../db/client";
import { couponCodes } from "../../db/schema/index";
import { conflict, invalid, isUniqueViolation } from "../shared/errors";
import { normalizeCode } from "../shared/normalize";
import type { CouponCode } from "../../db/schema/rows";

/** Records an existing discount code as a partner's coupon, so orders that use it are attributed to the partner. */
export async function registerPartnerCoupon(
  db: Database,
  shopId: string,
  input: { programId: string; partnerId: string; code: string; provider?: string; externalId?: string | null },
): Promise<CouponCode> {
  const code = input.code.trim();
  if (code.length < 2 || code.length > 255) throw invalid("code must have 2 to 255 characters", "code");
  try {
    const [row] = await db
      .insert(couponCodes)
      .values({
        shopId,
        programId: input.programId,
        partnerId: input.partnerId,
        code,
        codeNormalized: normalizeCode(code),
        provider: input.provider ?? "manual",
        externalId: input.externalId ?? null,
      })
      .returning();
    return row!;
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict(`code ${code} is already registered in this shop`, "code");
    throw error;
  }
}
