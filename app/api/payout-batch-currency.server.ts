import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "../../db/client";
import { shops } from "../../db/schema/index";

export const createBatchBody = z.object({ currency: z.string().regex(/^[A-Z]{3}$/, "must be a three-letter ISO 4217 code such as USD").optional() }).strict();

/** The batch currency: the one asked for, else the shop's. */
export async function batchCurrency(db: Database, shopId: string, requested: string | undefined): Promise<string> {
  if (requested) return requested;
  const [shop] = await db.select({ currency: shops.currency }).from(shops).where(eq(shops.id, shopId));
  return shop!.currency;
}
