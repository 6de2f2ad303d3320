import { and, eq } from "drizzle-orm";
import type { Database } from "../../db/client";
import { partners, programs } from "../../db/schema/index";
import { notFound } from "../shared/errors";

export type PartnerForPayout = { partner: typeof partners.$inferSelect; threshold: number };

/** Locks the partner row (so two payouts of one partner never run at once) and reads its program's threshold. */
export async function lockPartnerForPayout(db: Database, shopId: string, partnerId: string): Promise<PartnerForPayout> {
  const [row] = await db
    .select({ partner: partners, threshold: programs.payoutThreshold })
    .from(partners)
    .innerJoin(programs, eq(programs.id, partners.programId))
    .where(and(eq(partners.shopId, shopId), eq(partners.id, partnerId)))
    .for("update", { of: partners })
    .limit(1);
  if (!row) throw notFound("partner", "partner_id");
  return row;
}
