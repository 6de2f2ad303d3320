import { asc, eq } from "drizzle-orm";
import type { Database } from "../../db/client";
import { programs, shops } from "../../db/schema/index";

/** The currencies a batch can be made in: the shop's and its programs', shop's first. */
export async function listPayoutCurrencies(db: Database, shopId: string): Promise<string[]> {
  const [shop] = await db.select({ currency: shops.currency }).from(shops).where(eq(shops.id, shopId));
  const rows = await db.selectDistinct({ currency: programs.currency }).from(programs).where(eq(programs.shopId, shopId)).orderBy(asc(programs.currency));
  return [...new Set([shop!.currency, ...rows.map((r) => r.currency)])];
}
