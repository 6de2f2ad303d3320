import { and, eq } from "drizzle-orm";
import type { Database } from "../../db/client";
import { leads } from "../../db/schema/index";
import { findPartnerByKeyOrThrow } from "../partners/find-partner";
import { findProgramOrThrow } from "../programs/find-program-or-throw";
import { conflict, DomainError, invalid, isUniqueViolation, notFound } from "../shared/errors";
import { normalizeEmail } from "../shared/normalize";
import { emitLeadCreated } from "../webhooks/emit-domain-events";
import type { Lead } from "../../db/schema/rows";

export async function submitLead(
  db: Database,
  shopId: string,
  input: { programId: string; partnerKey: string; email: string; name?: string | null },
): Promise<Lead> {
  const program = await findProgramOrThrow(db, shopId, input.programId);
  if (!program.leadSubmission) throw new DomainError("forbidden", "lead submission is disabled for this program", "program_id");
  const partner = await findPartnerByKeyOrThrow(db, shopId, input.partnerKey, "partner_key");
  if (partner.programId !== program.id) throw notFound("partner in this program", "partner_key");
  if (partner.status !== "active") throw invalid("only active partners can submit leads", "partner_key");
  const email = input.email.trim();
  try {
    return await db.transaction(async (tx) => {
      const [lead] = await tx
        .insert(leads)
        .values({ shopId, programId: program.id, partnerId: partner.id, email, emailNormalized: normalizeEmail(email), name: input.name ?? null })
        .returning();
      await emitLeadCreated(tx, lead!);
      return lead!;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict(`a lead for ${email} already exists in this program`, "email");
    throw error;
  }
}

export async function rejectLead(db: Database, shopId: string, leadId: string): Promise<Lead> {
  const [lead] = await db
    .update(leads)
    .set({ status: "rejected" })
    .where(and(eq(leads.shopId, shopId), eq(leads.id, leadId), eq(leads.status, "pending")))
    .returning();
  if (lead) return lead;
  const [existing] = await db.select().from(leads).where(and(eq(leads.shopId, shopId), eq(leads.id, leadId))).limit(1);
  if (!existing) throw notFound("lead", "id");
  if (existing.status === "rejected") return existing;
  throw conflict(`lead is ${existing.status} and can no longer be rejected`, "status");
}
