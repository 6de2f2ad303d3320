import { and, eq } from "drizzle-orm";
import type { Database } from "../../db/client";
import { couponCodes } from "../../db/schema/index";
import { normalizeCode } from "../shared/normalize";

/** Whether a code (live or deactivated) is registered in the shop; codes compare case-insensitively. */
export async function couponCodeTaken(db: Database, shopId: string, code: string): Promise<boolean> {
  const [row] = await db
    .select({ id: couponCodes.id })
    .from(couponCodes)
    .where(and(eq(couponCodes.shopId, shopId), eq(couponCodes.codeNormalized, normalizeCode(code))))
    .limit(1);
  return row !== undefined;
}
