import { and, eq } from "drizzle-orm";
import type { Database } from "../../db/client";
import { commissionRules, partnerGroups, partners } from "../../db/schema/index";
import { ruleColumns, type CommissionSpec } from "../programs/create-program";
import { findPartnerByKeyOrThrow } from "./find-partner";
import { emitPartnerEvent } from "../webhooks/emit-domain-events";
import type { Partner } from "../../db/schema/rows";

export interface PartnerPatch {
  status?: "pending" | "active" | "suspended";
  /** A group name in the partner's program (created if new); null leaves the group. */
  group?: string | null;
  payoutMethod?: "paypal" | "wise" | "bank" | "store_credit" | "manual" | null;
  payoutDetails?: Record<string, string>;
  /** The partner's own rule, overriding group and program; null removes it. */
  commission?: CommissionSpec | null;
}

async function groupIdFor(db: Database, partner: Partner, name: string): Promise<string> {
  await db.insert(partnerGroups).values({ shopId: partner.shopId, programId: partner.programId, name }).onConflictDoNothing();
  const [group] = await db
    .select({ id: partnerGroups.id })
    .from(partnerGroups)
    .where(and(eq(partnerGroups.shopId, partner.shopId), eq(partnerGroups.programId, partner.programId), eq(partnerGroups.name, name)));
  return group!.id;
}

export async function updatePartner(db: Database, shopId: string, key: string, patch: PartnerPatch): Promise<Partner> {
  const partner = await findPartnerByKeyOrThrow(db, shopId, key);
  return db.transaction(async (tx) => {
    const set: Partial<typeof partners.$inferInsert> = { updatedAt: new Date() };
    if (patch.status) set.status = patch.status;
    if (patch.payoutMethod !== undefined) set.payoutMethod = patch.payoutMethod;
    if (patch.payoutDetails) set.payoutDetails = patch.payoutDetails;
    if (patch.group !== undefined) set.groupId = patch.group === null ? null : await groupIdFor(tx, partner, patch.group);
    if (patch.commission !== undefined) {
      await tx.delete(commissionRules).where(and(eq(commissionRules.shopId, shopId), eq(commissionRules.partnerId, partner.id)));
      if (patch.commission) {
        await tx.insert(commissionRules).values({
          shopId,
          programId: partner.programId,
          partnerId: partner.id,
          name: `Override for ${partner.key}`,
          ...ruleColumns(patch.commission),
        });
      }
    }
    const [updated] = await tx.update(partners).set(set).where(and(eq(partners.shopId, shopId), eq(partners.id, partner.id))).returning();
    if (updated!.status === "active" && partner.status !== "active") await emitPartnerEvent(tx, "partner.approved", updated!);
    return updated!;
  });
}
